using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Xunit;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>One fully populated PDU of every kind, for round trips, split-buffer tests and the fuzz seed corpus.</summary>
internal static class SamplePdus
{
    /// <summary>A tag no spec defines: must survive decode and encode in place.</summary>
    public const ushort UnknownTag = 0x1401;

    public static readonly IReadOnlyDictionary<string, Func<SmppPdu>> All = new Dictionary<string, Func<SmppPdu>>
    {
        ["bind_transmitter"] = () => Bind(new BindTransmitter()),
        ["bind_receiver"] = () => Bind(new BindReceiver()),
        ["bind_transceiver"] = () => Bind(new BindTransceiver()),
        ["bind_transmitter_resp"] = () => new BindTransmitterResp { SystemId = "SMSC", SequenceNumber = 1, Tlvs = [Tlv.FromByte(TlvTag.ScInterfaceVersion, 0x34)] },
        ["bind_receiver_resp"] = () => new BindReceiverResp { SystemId = "SMSC", SequenceNumber = 2 },
        ["bind_transceiver_resp"] = () => new BindTransceiverResp { SystemId = "SMSC", SequenceNumber = 3, Tlvs = [Tlv.FromByte(TlvTag.ScInterfaceVersion, 0x34)] },
        ["outbind"] = () => new Outbind { SystemId = "SMSC", Password = "secret", SequenceNumber = 4 },
        ["unbind"] = () => new Unbind { SequenceNumber = 5 },
        ["unbind_resp"] = () => new UnbindResp { SequenceNumber = 5 },
        ["generic_nack"] = () => new GenericNack { CommandStatus = CommandStatus.InvalidCommandId, SequenceNumber = 6 },
        ["submit_sm"] = () => Submit(),
        ["submit_sm_resp"] = () => new SubmitSmResp { MessageId = "0A1B2C3D", SequenceNumber = 7 },
        ["submit_multi"] = () => new SubmitMulti
        {
            SequenceNumber = 8,
            ServiceType = "CMT",
            SourceAddrTon = 5,
            SourceAddr = "Smsgw",
            Destinations = [SubmitMultiDestination.ToSme(1, 1, "32470123456"), SubmitMultiDestination.ToDistributionList("friends")],
            EsmClass = 0x40,
            ValidityPeriod = "000001000000000R",
            RegisteredDelivery = 1,
            DataCoding = 8,
            ShortMessage = new byte[] { 0x00, 0x48, 0x00, 0x69 },
            Tlvs = [Tlv.FromUInt16(TlvTag.UserMessageReference, 42), new Tlv(UnknownTag, new byte[] { 1, 2, 3 })],
        },
        ["submit_multi_resp"] = () => new SubmitMultiResp
        {
            SequenceNumber = 8,
            MessageId = "m-1",
            UnsuccessSmes = [new UnsuccessSme(1, 1, "32470000000", CommandStatus.InvalidDestinationAddress)],
        },
        ["deliver_sm"] = () => new DeliverSm
        {
            SequenceNumber = 9,
            SourceAddrTon = 1,
            SourceAddrNpi = 1,
            SourceAddr = "32470123456",
            DestinationAddr = "8888",
            EsmClass = 0x04,
            ShortMessage = "id:0A1B2C3D sub:001 dlvrd:001 submit date:2401021530 done date:2401021531 stat:DELIVRD err:000 text:Hello"u8.ToArray(),
            Tlvs =
            [
                Tlv.FromCString(TlvTag.ReceiptedMessageId, "0A1B2C3D"),
                Tlv.FromByte(TlvTag.MessageState, (byte)MessageState.Delivered),
                new Tlv(TlvTag.NetworkErrorCode, new byte[] { 3, 0, 0 }),
                new Tlv(UnknownTag, new byte[] { 0xFF }),
            ],
        },
        ["deliver_sm_resp"] = () => new DeliverSmResp { SequenceNumber = 9 },
        ["data_sm"] = () => new DataSm
        {
            SequenceNumber = 10,
            SourceAddr = "12345",
            DestinationAddr = "32470123456",
            RegisteredDelivery = 1,
            Tlvs = [new Tlv(TlvTag.MessagePayload, new byte[300]), Tlv.FromUInt16(TlvTag.SourcePort, 1), Tlv.FromUInt16(TlvTag.DestinationPort, 2)],
        },
        ["data_sm_resp"] = () => new DataSmResp { SequenceNumber = 10, MessageId = "d-1", Tlvs = [Tlv.FromByte(TlvTag.DeliveryFailureReason, 1)] },
        ["query_sm"] = () => new QuerySm { SequenceNumber = 11, MessageId = "0A1B2C3D", SourceAddrTon = 1, SourceAddr = "Smsgw" },
        ["query_sm_resp"] = () => new QuerySmResp { SequenceNumber = 11, MessageId = "0A1B2C3D", FinalDate = "240102153100000+", MessageState = MessageState.Delivered, ErrorCode = 0 },
        ["cancel_sm"] = () => new CancelSm { SequenceNumber = 12, MessageId = "0A1B2C3D", SourceAddr = "Smsgw", DestinationAddr = "32470123456" },
        ["cancel_sm_resp"] = () => new CancelSmResp { SequenceNumber = 12 },
        ["replace_sm"] = () => new ReplaceSm
        {
            SequenceNumber = 13,
            MessageId = "0A1B2C3D",
            SourceAddr = "Smsgw",
            ScheduleDeliveryTime = "240102153100000+",
            RegisteredDelivery = 1,
            ShortMessage = "new text"u8.ToArray(),
        },
        ["replace_sm_resp"] = () => new ReplaceSmResp { SequenceNumber = 13 },
        ["enquire_link"] = () => new EnquireLink { SequenceNumber = 14 },
        ["enquire_link_resp"] = () => new EnquireLinkResp { SequenceNumber = 14 },
        ["alert_notification"] = () => new AlertNotification
        {
            SequenceNumber = 15,
            SourceAddr = "32470123456",
            EsmeAddr = "Smsgw",
            Tlvs = [Tlv.FromByte(TlvTag.MsAvailabilityStatus, 0)],
        },
    };

    public static TheoryData<string> Names => [.. All.Keys];

    public static SubmitSm Submit(string text = "Hello world") => new()
    {
        SequenceNumber = 0x7FFFFFFF,
        ServiceType = "CMT",
        SourceAddrTon = 5,
        SourceAddrNpi = 0,
        SourceAddr = "Smsgw",
        DestAddrTon = 1,
        DestAddrNpi = 1,
        DestinationAddr = "32470123456",
        EsmClass = 0x40,
        ProtocolId = 0,
        PriorityFlag = 1,
        ScheduleDeliveryTime = string.Empty,
        ValidityPeriod = "240102153100000+",
        RegisteredDelivery = 1,
        DataCoding = 0,
        ShortMessage = System.Text.Encoding.ASCII.GetBytes(text),
        Tlvs =
        [
            Tlv.FromUInt16(TlvTag.SarMsgRefNum, 0x1234),
            Tlv.FromByte(TlvTag.SarTotalSegments, 2),
            Tlv.FromByte(TlvTag.SarSegmentSeqnum, 1),
            new Tlv(UnknownTag, new byte[] { 0xDE, 0xAD }),
            Tlv.FromUInt16(TlvTag.UserMessageReference, 7),
        ],
    };

    private static BindRequest Bind(BindRequest bind)
    {
        bind.SequenceNumber = 1;
        bind.SystemId = "esme01";
        bind.Password = "secret";
        bind.SystemType = "VMA";
        bind.AddrTon = 1;
        bind.AddrNpi = 1;
        bind.AddressRange = "^3247";
        return bind;
    }
}
