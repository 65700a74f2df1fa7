using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>replace_sm</c> (SMPP 3.4 §4.10.1): replaces a pending message. SMPP 3.4 gives it no optional part.</summary>
public sealed class ReplaceSm : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.ReplaceSm;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary><c>source_addr_ton</c>, 1 octet.</summary>
    public byte SourceAddrTon { get; set; }

    /// <summary><c>source_addr_npi</c>, 1 octet.</summary>
    public byte SourceAddrNpi { get; set; }

    /// <summary><c>source_addr</c>, C-octet string, max 21.</summary>
    public string SourceAddr { get; set; } = string.Empty;

    /// <summary><c>schedule_delivery_time</c>, C-octet string, empty or 16 characters (§7.1).</summary>
    public string ScheduleDeliveryTime { get; set; } = string.Empty;

    /// <summary><c>validity_period</c>, C-octet string, empty or 16 characters (§7.1).</summary>
    public string ValidityPeriod { get; set; } = string.Empty;

    /// <summary><c>registered_delivery</c>, 1 octet.</summary>
    public byte RegisteredDelivery { get; set; }

    /// <summary><c>sm_default_msg_id</c>, 1 octet.</summary>
    public byte SmDefaultMsgId { get; set; }

    /// <summary><c>short_message</c>, preceded on the wire by <c>sm_length</c>: 0..254 octets.</summary>
    public ReadOnlyMemory<byte> ShortMessage { get; set; }

    /// <inheritdoc />
    public override ReplaceSmResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id")
        + 1 // source_addr_ton
        + 1 // source_addr_npi
        + SmppLimits.CString(SourceAddr, 21, "source_addr")
        + SmppLimits.Time(ScheduleDeliveryTime, "schedule_delivery_time")
        + SmppLimits.Time(ValidityPeriod, "validity_period")
        + 1 // registered_delivery
        + 1 // sm_default_msg_id
        + SmppLimits.ShortMessage(ShortMessage); // sm_length + short_message

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte(SourceAddrTon);
        writer.WriteByte(SourceAddrNpi);
        writer.WriteCString(SourceAddr);
        writer.WriteCString(ScheduleDeliveryTime);
        writer.WriteCString(ValidityPeriod);
        writer.WriteByte(RegisteredDelivery);
        writer.WriteByte(SmDefaultMsgId);
        writer.WriteShortMessage(ShortMessage.Span);
    }

    internal static ReplaceSm Read(ref PduReader reader)
    {
        var pdu = new ReplaceSm
        {
            MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId),
            SourceAddrTon = reader.ReadByte(),
            SourceAddrNpi = reader.ReadByte(),
            SourceAddr = reader.ReadCString(21, CommandStatus.InvalidSourceAddress),
            ScheduleDeliveryTime = reader.ReadTime(CommandStatus.InvalidScheduledDeliveryTime),
            ValidityPeriod = reader.ReadTime(CommandStatus.InvalidValidityPeriod),
            RegisteredDelivery = reader.ReadByte(),
            SmDefaultMsgId = reader.ReadByte(),
            ShortMessage = reader.ReadShortMessage(),
        };
        reader.SkipRest();
        return pdu;
    }
}
