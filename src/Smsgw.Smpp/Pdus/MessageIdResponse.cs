using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// The body shared by <c>submit_sm_resp</c> (SMPP 3.4 §4.4.2) and <c>deliver_sm_resp</c> (§4.6.2): a <c>message_id</c>
/// C-octet string, which a failed response may leave out entirely.
/// </summary>
public abstract class MessageIdResponse : SmppPdu
{
    private protected MessageIdResponse()
    {
    }

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
    }

    private protected void ReadBody(ref PduReader reader)
    {
        if (reader.End)
        {
            return;
        }

        MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId);
        reader.SkipRest();
    }
}
