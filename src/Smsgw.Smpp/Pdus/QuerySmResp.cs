using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Receipts;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>query_sm_resp</c> (SMPP 3.4 §4.8.2): the state of the queried message.</summary>
public sealed class QuerySmResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.QuerySmResp;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary><c>final_date</c>, C-octet string, empty or 16 characters (§7.1): when the message reached a final state.</summary>
    public string FinalDate { get; set; } = string.Empty;

    /// <summary><c>message_state</c>, 1 octet (§5.2.28).</summary>
    public MessageState MessageState { get; set; }

    /// <summary><c>error_code</c>, 1 octet: the network error, when there is one.</summary>
    public byte ErrorCode { get; set; }

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id")
        + SmppLimits.Time(FinalDate, "final_date")
        + 1 // message_state
        + 1; // error_code

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteCString(FinalDate);
        writer.WriteByte((byte)MessageState);
        writer.WriteByte(ErrorCode);
    }

    internal static QuerySmResp Read(ref PduReader reader)
    {
        if (reader.End)
        {
            return new QuerySmResp();
        }

        var pdu = new QuerySmResp
        {
            MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId),
            FinalDate = reader.ReadTime(CommandStatus.UnknownError),
            MessageState = (MessageState)reader.ReadByte(),
            ErrorCode = reader.ReadByte(),
        };
        reader.SkipRest();
        return pdu;
    }
}
