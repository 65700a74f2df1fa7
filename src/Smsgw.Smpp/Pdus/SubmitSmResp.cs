using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>submit_sm_resp</c> (SMPP 3.4 §4.4.2): the SMSC's message id for an accepted submit; a failed submit may come without a body.</summary>
public sealed class SubmitSmResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitSmResp;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
    }

    internal static SubmitSmResp Read(ref PduReader reader)
    {
        if (reader.End)
        {
            return new SubmitSmResp();
        }

        var pdu = new SubmitSmResp { MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId) };
        reader.SkipRest();
        return pdu;
    }
}
