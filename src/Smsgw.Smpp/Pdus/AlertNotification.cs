using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// <c>alert_notification</c> (SMPP 3.4 §4.12.1): the SMSC tells a receiver that a mobile became available. It has
/// no response.
/// </summary>
public sealed class AlertNotification : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.AlertNotification;

    /// <summary><c>source_addr_ton</c>, 1 octet.</summary>
    public byte SourceAddrTon { get; set; }

    /// <summary><c>source_addr_npi</c>, 1 octet.</summary>
    public byte SourceAddrNpi { get; set; }

    /// <summary><c>source_addr</c>, C-octet string, max 65: the mobile that became available.</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary><c>esme_addr_ton</c>, 1 octet.</summary>
    public byte EsmeAddrTon { get; set; }

    /// <summary><c>esme_addr_npi</c>, 1 octet.</summary>
    public byte EsmeAddrNpi { get; set; }

    /// <summary><c>esme_addr</c>, C-octet string, max 65.</summary>
    public string EsmeAddr { get; set; } = string.Empty;

    /// <summary>Optional parameters, e.g. <c>ms_availability_status</c>.</summary>
    public IReadOnlyList<Tlv> Tlvs { get; set; } = [];

    internal override int GetBodyLength() =>
        1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 65, "source_addr")
        + 1 // esme_addr_ton
        + 1 // esme_addr_npi
        + SmppLimits.CString(EsmeAddr, 65, "esme_addr")
        + SmppLimits.Tlvs(Tlvs);

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteByte(EsmeAddrTon);
        writer.WriteByte(EsmeAddrNpi);
        writer.WriteCString(EsmeAddr);
        writer.WriteTlvs(Tlvs);
    }

    internal static AlertNotification Read(ref PduReader reader) => new()
    {
        SourceAddrTon = reader.ReadByte(),
        SourceAddrNpi = reader.ReadByte(),
        SourceAddr = reader.ReadCString(65, CommandStatus.InvalidSourceAddress),
        EsmeAddrTon = reader.ReadByte(),
        EsmeAddrNpi = reader.ReadByte(),
        EsmeAddr = reader.ReadCString(65, CommandStatus.InvalidDestinationAddress),
        Tlvs = reader.ReadTlvs(),
    };
}
