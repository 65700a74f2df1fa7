using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>deliver_sm_resp</c> (SMPP 3.4 §4.6.2): its outcome is the <c>command_status</c>; <c>message_id</c> is unused (empty).</summary>
public sealed class DeliverSmResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DeliverSmResp;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
    }

    internal static DeliverSmResp Read(ref PduReader reader)
    {
        if (reader.End)
        {
            return new DeliverSmResp();
        }

        var pdu = new DeliverSmResp { MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId) };
        reader.SkipRest();
        return pdu;
    }
}
