using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>query_sm</c> (SMPP 3.4 §4.8.1): asks for the state of a submitted message.</summary>
public sealed class QuerySm : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.QuerySm;

    /// <summary><c>message_id</c>, C-octet string, max 65: the id from <c>submit_sm_resp</c>.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary><c>source_addr_ton</c>, 1 octet.</summary>
    public byte SourceAddrTon { get; set; }

    /// <summary><c>source_addr_npi</c>, 1 octet.</summary>
    public byte SourceAddrNpi { get; set; }

    /// <summary><c>source_addr</c>, C-octet string, max 21: must match the original submit.</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <inheritdoc />
    public override QuerySmResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id")
        + 1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 21, "source_addr");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
    }

    internal static QuerySm Read(ref PduReader reader)
    {
        var pdu = new QuerySm
        {
            MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId),
            SourceAddrTon = reader.ReadByte(),
            SourceAddrNpi = reader.ReadByte(),
            SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress),
        };
        reader.SkipRest();
        return pdu;
    }
}
