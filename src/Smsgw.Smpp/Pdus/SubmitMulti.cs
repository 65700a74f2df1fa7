using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>submit_multi</c> (SMPP 3.4 §4.5.1): one short message to up to 254 SME addresses or distribution lists.</summary>
public sealed class SubmitMulti : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitMulti;

    /// <summary><c>service_type</c>, C-octet string, max 6.</summary>
    public string ServiceType { get; set; } = string.Empty;

    /// <summary><c>source_addr_ton</c>, 1 octet.</summary>
    public byte SourceAddrTon { get; set; }

    /// <summary><c>source_addr_npi</c>, 1 octet.</summary>
    public byte SourceAddrNpi { get; set; }

    /// <summary><c>source_addr</c>, C-octet string, max 21.</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary><c>dest_address</c>, preceded on the wire by <c>number_of_dests</c> (1..254).</summary>
    public IReadOnlyList<SubmitMultiDestination> Destinations { get; set; } = [];

    /// <summary><c>esm_class</c>, 1 octet.</summary>
    public byte EsmClass { get; set; }

    /// <summary><c>protocol_id</c>, 1 octet.</summary>
    public byte ProtocolId { get; set; }

    /// <summary><c>priority_flag</c>, 1 octet.</summary>
    public byte PriorityFlag { get; set; }

    /// <summary><c>schedule_delivery_time</c>, C-octet string, empty or 16 characters (§7.1).</summary>
    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    /// <summary><c>validity_period</c>, C-octet string, empty or 16 characters (§7.1).</summary>
    public string ValidityPeriod { get; set; } = string.Empty;

    /// <summary><c>registered_delivery</c>, 1 octet.</summary>
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

    /// <inheritdoc />
    public override SubmitMultiResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() =>
        SmppLimits.CString(ServiceType, 6, "service_type")
        + 1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 21, "source_addr")
        + GetDestinationsLength() // number_of_dests + dest_address
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
        writer.WriteByte((byte)Destinations.Count);
        foreach (var destination in Destinations)
        {
            writer.WriteByte(destination.DestFlag);
            if (destination.DestFlag == SubmitMultiDestination.SmeAddressFlag)
            {
                writer.WriteByte(destination.DestAddrTon);
                writer.WriteByte(destination.DestAddrNpi);
            }

            writer.WriteCString(destination.Address);
        }

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

    internal static SubmitMulti Read(ref PduReader reader)
    {
        var pdu = new SubmitMulti
        {
            ServiceType = reader.ReadCString(6, CommandStatus.InvalidServiceType),
            SourceAddrTon = reader.ReadByte(),
            SourceAddrNpi = reader.ReadByte(),
            SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress),
        };

        int numberOfDests = reader.ReadByte();
        if (numberOfDests is 0 or > SmppLimits.MaxNumberOfDestinations)
        {
            throw new SmppPduException(CommandStatus.InvalidNumberOfDestinations, reader.Header, $"submit_multi with number_of_dests {numberOfDests}.");
        }

        var destinations = new SubmitMultiDestination[numberOfDests];
        for (var i = 0; i < numberOfDests; i++)
        {
            destinations[i] = reader.ReadByte() switch
            {
                SubmitMultiDestination.SmeAddressFlag => new SubmitMultiDestination(
                    SubmitMultiDestination.SmeAddressFlag,
                    reader.ReadByte(),
                    reader.ReadByte(),
                    reader.ReadCString(21, CommandStatus.InvalidDestinationAddress)),
                SubmitMultiDestination.DistributionListFlag => SubmitMultiDestination.ToDistributionList(
                    reader.ReadCString(21, CommandStatus.InvalidDistributionListName)),
                var flag => throw new SmppPduException(CommandStatus.InvalidDestinationFlag, reader.Header, $"submit_multi dest_flag {flag}."),
            };
        }

        pdu.Destinations = destinations;
        pdu.EsmClass = reader.ReadByte();
        pdu.ProtocolId = reader.ReadByte();
        pdu.PriorityFlag = reader.ReadByte();
        pdu.ScheduleDeliveryTime = reader.ReadTime(CommandStatus.InvalidScheduledDeliveryTime);
        pdu.ValidityPeriod = reader.ReadTime(CommandStatus.InvalidValidityPeriod);
        pdu.RegisteredDelivery = reader.ReadByte();
        pdu.ReplaceIfPresentFlag = reader.ReadByte();
        pdu.DataCoding = reader.ReadByte();
        pdu.SmDefaultMsgId = reader.ReadByte();
        pdu.ShortMessage = reader.ReadShortMessage();
        pdu.Tlvs = reader.ReadTlvs();
        return pdu;
    }

    private int GetDestinationsLength()
    {
        if (Destinations.Count is 0 or > SmppLimits.MaxNumberOfDestinations)
        {
            throw new ArgumentException($"submit_multi needs 1..254 destinations, not {Destinations.Count}.", nameof(Destinations));
        }

        var length = 1; // number_of_dests
        foreach (var destination in Destinations)
        {
            length += destination.DestFlag switch
            {
                SubmitMultiDestination.SmeAddressFlag => 1 + 1 + 1 + SmppLimits.CString(destination.Address, 21, "destination_addr"),
                SubmitMultiDestination.DistributionListFlag => 1 + SmppLimits.CString(destination.Address, 21, "dl_name"),
                _ => throw new ArgumentException($"dest_flag {destination.DestFlag} is neither 1 nor 2.", nameof(Destinations)),
            };
        }

        return length;
    }
}
