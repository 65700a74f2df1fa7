using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// <c>data_sm</c> (SMPP 3.4 §4.7.1): a message either way in a reduced layout; the content travels in the
/// <c>message_payload</c> TLV.
/// </summary>
public sealed class DataSm : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DataSm;

    /// <summary><c>service_type</c>, C-octet string, max 6.</summary>
    public string ServiceType { get; set; } = string.Empty;

    /// <summary><c>source_addr_ton</c>, 1 octet.</summary>
    public byte SourceAddrTon { get; set; }

    /// <summary><c>source_addr_npi</c>, 1 octet.</summary>
    public byte SourceAddrNpi { get; set; }

    /// <summary><c>source_addr</c>, C-octet string, max 65.</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary><c>dest_addr_ton</c>, 1 octet.</summary>
    public byte DestAddrTon { get; set; }

    /// <summary><c>dest_addr_npi</c>, 1 octet.</summary>
    public byte DestAddrNpi { get; set; }

    /// <summary><c>destination_addr</c>, C-octet string, max 65.</summary>
    public string DestinationAddr { get; set; } = string.Empty;

    /// <summary><c>esm_class</c>, 1 octet.</summary>
    public byte EsmClass { get; set; }

    /// <summary><c>registered_delivery</c>, 1 octet.</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary><c>data_coding</c>, 1 octet.</summary>
    public byte DataCoding { get; set; }

    /// <summary>Optional parameters in wire order, unknown tags included.</summary>
    public IReadOnlyList<Tlv> Tlvs { get; set; } = [];

    /// <inheritdoc />
    public override DataSmResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() =>
        SmppLimits.CString(ServiceType, 6, "service_type")
        + 1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 65, "source_addr")
        + 1 // dest_addr_ton
        + 1 // dest_addr_npi
        + SmppLimits.CString(DestinationAddr, 65, "destination_addr")
        + 1 // esm_class
        + 1 // registered_delivery
        + 1 // data_coding
        + SmppLimits.Tlvs(Tlvs);

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(ServiceType);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte(DestAddrTon);
        writer.WriteByte(DestAddrNpi);
        writer.WriteCString(DestinationAddr);
        writer.WriteByte(EsmClass);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(DataCoding);
        writer.WriteTlvs(Tlvs);
    }

    internal static DataSm Read(ref PduReader reader) => new()
    {
        ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType),
        SourceAddrTon = reader.ReadByte(),
        SourceAddrNpi = reader.ReadByte(),
        SourceAddr = reader.ReadCString(65, CommandStatus.InvalidSourceAddress),
        DestAddrTon = reader.ReadByte(),
        DestAddrNpi = reader.ReadByte(),
        DestinationAddr = reader.ReadCString(65, CommandStatus.InvalidDestinationAddress),
        EsmClass = reader.ReadByte(),
        RegisteredDelivery = reader.ReadByte(),
        DataCoding = reader.ReadByte(),
        Tlvs = reader.ReadTlvs(),
    };
}
