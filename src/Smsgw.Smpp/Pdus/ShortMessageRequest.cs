using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// The body shared by <c>submit_sm</c> (SMPP 3.4 §4.4.1) and <c>deliver_sm</c> (§4.6.1): the two have the same
/// fields in the same order and differ in their command id (in deliver_sm the scheduling fields are unused).
/// </summary>
public abstract class ShortMessageRequest : SmppPdu
{
    private protected ShortMessageRequest()
    {
    }

    /// <summary><c>service_type</c>, C-octet string, max 6; empty for the default.</summary>
    public string ServiceType { get; set; } = string.Empty;

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

    /// <summary><c>esm_class</c>, 1 octet: message mode and type; 0x40 is UDHI, 0x04 a delivery receipt.</summary>
    public byte EsmClass { get; set; }

    /// <summary><c>protocol_id</c>, 1 octet.</summary>
    public byte ProtocolId { get; set; }

    /// <summary><c>priority_flag</c>, 1 octet.</summary>
    public byte PriorityFlag { get; set; }

    /// <summary><c>schedule_delivery_time</c>, C-octet string, empty or 16 characters (§7.1).</summary>
    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    /// <summary><c>validity_period</c>, C-octet string, empty or 16 characters (§7.1).</summary>
    public string ValidityPeriod { get; set; } = string.Empty;

    /// <summary><c>registered_delivery</c>, 1 octet: 1 asks for a delivery receipt.</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary><c>replace_if_present_flag</c>, 1 octet.</summary>
    public byte ReplaceIfPresentFlag { get; set; }

    /// <summary><c>data_coding</c>, 1 octet.</summary>
    public byte DataCoding { get; set; }

    /// <summary><c>sm_default_msg_id</c>, 1 octet.</summary>
    public byte SmDefaultMsgId { get; set; }

    /// <summary><c>short_message</c>, preceded on the wire by <c>sm_length</c>: 0..254 octets.</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    /// <summary>Optional parameters in wire order, unknown tags included.</summary>
    public IReadOnlyList<Tlv> Tlvs { get; set; } = [];

    internal override int GetBodyLength() =>
        SmppLimits.CString(ServiceType, 6, "service_type")
        + 1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 21, "source_addr")
        + 1 // dest_addr_ton
        + 1 // dest_addr_npi
        + SmppLimits.CString(DestinationAddr, 21, "destination_addr")
        + 1 // esm_class
        + 1 // protocol_id
        + 1 // priority_flag
        + SmppLimits.Time(ScheduleDeliveryTime, "schedule_delivery_time")
        + SmppLimits.Time(ValidityPeriod, "validity_period")
        + 1 // registered_delivery
        + 1 // replace_if_present_flag
        + 1 // data_coding
        + 1 // sm_default_msg_id
        + SmppLimits.ShortMessage(ShortMessage) // sm_length + short_message
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
        writer.WriteByte(ProtocolId);
        writer.WriteByte(PriorityFlag);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(ReplaceIfPresentFlag);
        writer.WriteByte(DataCoding);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteShortMessage(ShortMessage.Span);
        writer.WriteTlvs(Tlvs);
    }

    private protected void ReadBody(ref PduReader reader)
    {
        ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType);
        SourceAddrTon = reader.ReadByte();
        SourceAddrNpi = reader.ReadByte();
        SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress);
        DestAddrTon = reader.ReadByte();
        DestAddrNpi = reader.ReadByte();
        DestinationAddr = reader.ReadCString(21, CommandStatus.InvalidDestinationAddress);
        EsmClass = reader.ReadByte();
        ProtocolId = reader.ReadByte();
        PriorityFlag = reader.ReadByte();
        ScheduleDeliveryTime = reader.ReadTime(CommandStatus.InvalidScheduledDeliveryTime);
        ValidityPeriod = reader.ReadTime(CommandStatus.InvalidValidityPeriod);
        RegisteredDelivery = reader.ReadByte();
        ReplaceIfPresentFlag = reader.ReadByte();
        DataCoding = reader.ReadByte();
        SmDefaultMsgId = reader.ReadByte();
        ShortMessage = reader.ReadShortMessage();
        Tlvs = reader.ReadTlvs();
    }
}
