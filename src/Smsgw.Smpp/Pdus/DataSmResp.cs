using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// <c>data_sm_resp</c> (SMPP 3.4 §4.7.2): the message id, and optional parameters such as
/// <c>delivery_failure_reason</c> or <c>network_error_code</c>.
/// </summary>
public sealed class DataSmResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DataSmResp;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary>Optional parameters in wire order, unknown tags included.</summary>
    public IReadOnlyList<Tlv> Tlvs { get; set; } = [];

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id")
        + SmppLimits.Tlvs(Tlvs);

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteTlvs(Tlvs);
    }

    internal static DataSmResp Read(ref PduReader reader)
    {
        if (reader.End)
        {
            return new DataSmResp();
        }

        return new DataSmResp
        {
            MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId),
            Tlvs = reader.ReadTlvs(),
        };
    }
}
