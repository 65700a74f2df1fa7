using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// <c>cancel_sm</c> (SMPP 3.4 §4.9.1): cancels one pending message by id, or all pending messages from
/// <c>source_addr</c> to <c>destination_addr</c> (of <c>service_type</c>) when the id is empty.
/// </summary>
public sealed class CancelSm : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.CancelSm;

    /// <summary><c>service_type</c>, C-octet string, max 6.</summary>
    public string ServiceType { get; set; } = string.Empty;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary><c>source_addr_ton</c>, 1 octet.</summary>
    public byte SourceAddrTon { get; set; }

    /// <summary><c>source_addr_npi</c>, 1 octet.</summary>
    public byte SourceAddrNpi { get; set; }

    /// <summary><c>source_addr</c>, C-octet string, max 21.</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary><c>dest_addr_ton</c>, 1 octet.</summary>
    public byte DestAddrTon { get; set; }

    /// <summary><c>dest_addr_npi</c>, 1 octet.</summary>
    public byte DestAddrNpi { get; set; }

    /// <summary><c>destination_addr</c>, C-octet string, max 21.</summary>
    public string DestinationAddr { get; set; } = string.Empty;

    /// <inheritdoc />
    public override CancelSmResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() =>
        SmppLimits.CString(ServiceType, 6, "service_type")
        + SmppLimits.CString(MessageId, 65, "message_id")
        + 1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 21, "source_addr")
        + 1 // dest_addr_ton
        + 1 // dest_addr_npi
        + SmppLimits.CString(DestinationAddr, 21, "destination_addr");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteCString(MessageId);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte(DestAddrTon);
        writer.WriteByte(DestAddrNpi);
        writer.WriteCString(DestinationAddr);
    }

    internal static CancelSm Read(ref PduReader reader)
    {
        var pdu = new CancelSm
        {
            ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType),
            MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId),
            SourceAddrTon = reader.ReadByte(),
            SourceAddrNpi = reader.ReadByte(),
            SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress),
            DestAddrTon = reader.ReadByte(),
            DestAddrNpi = reader.ReadByte(),
            DestinationAddr = reader.ReadCString(21, CommandStatus.InvalidDestinationAddress),
        };
        reader.SkipRest();
        return pdu;
    }
}
