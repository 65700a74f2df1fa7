using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Pdus;

public sealed class PduRoundTripTests
{
    [Theory]
    [MemberData(nameof(SamplePdus.Names), MemberType = typeof(SamplePdus))]
    public void Every_pdu_decodes_to_the_same_type_and_encodes_back_to_the_same_bytes(string name)
    {
        var original = SamplePdus.All[name]();
        var bytes = SmppPduEncoder.ToArray(original);

        var decoded = SmppPduDecoder.Decode(bytes);

        Assert.IsType(original.GetType(), decoded);
        Assert.Equal(original.CommandId, decoded.CommandId);
        Assert.Equal(original.CommandStatus, decoded.CommandStatus);
        Assert.Equal(original.SequenceNumber, decoded.SequenceNumber);
        Assert.Equal(bytes.Length, decoded.GetLength());
        Assert.Equal(bytes, SmppPduEncoder.ToArray(decoded));
    }

    [Theory]
    [MemberData(nameof(SamplePdus.Names), MemberType = typeof(SamplePdus))]
    public void Command_length_in_the_header_is_the_exact_encoded_length(string name)
    {
        var pdu = SamplePdus.All[name]();
        var bytes = SmppPduEncoder.ToArray(pdu);

        Assert.Equal((uint)bytes.Length, PduHeader.Read(bytes).CommandLength);
        Assert.Equal(pdu.GetLength(), bytes.Length);
    }

    [Fact]
    public void Submit_sm_matches_the_layout_of_the_spec_table_octet_by_octet()
    {
        var pdu = new SubmitSm
        {
            SequenceNumber = 2,
            SourceAddrTon = 5,
            SourceAddr = "AB",
            DestAddrTon = 1,
            DestAddrNpi = 1,
            DestinationAddr = "123",
            RegisteredDelivery = 1,
            ShortMessage = "Hi"u8.ToArray(),
            Tlvs = [Tlv.FromUInt16(TlvTag.UserMessageReference, 0x0102)],
        };

        var expected = Convert.FromHexString(
            "0000002E" + "00000004" + "00000000" + "00000002" // header
            + "00" // service_type ""
            + "05" + "00" + "414200" // source_addr_ton, npi, "AB"
            + "01" + "01" + "31323300" // dest_addr_ton, npi, "123"
            + "00" + "00" + "00" // esm_class, protocol_id, priority_flag
            + "00" + "00" // schedule_delivery_time, validity_period
            + "01" + "00" + "00" + "00" // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id
            + "02" + "4869" // sm_length, short_message
            + "0204" + "0002" + "0102"); // user_message_reference TLV

        Assert.Equal(expected, SmppPduEncoder.ToArray(pdu));
    }

    [Fact]
    public void Deliver_sm_keeps_every_field_and_tlvs_in_wire_order_including_an_unknown_tag()
    {
        var original = (DeliverSm)SamplePdus.All["deliver_sm"]();

        var decoded = (DeliverSm)SmppPduDecoder.Decode(SmppPduEncoder.ToArray(original));

        Assert.Equal("32470123456", decoded.SourceAddr);
        Assert.Equal("8888", decoded.DestinationAddr);
        Assert.Equal(0x04, decoded.EsmClass);
        Assert.Equal(original.ShortMessage.ToArray(), decoded.ShortMessage.ToArray());
        Assert.Equal(original.Tlvs, decoded.Tlvs);
        Assert.Equal([TlvTag.ReceiptedMessageId, TlvTag.MessageState, TlvTag.NetworkErrorCode, SamplePdus.UnknownTag], decoded.Tlvs.Select(t => t.Tag));
        Assert.True(Tlv.TryFind(decoded.Tlvs, TlvTag.ReceiptedMessageId, out var receipted));
        Assert.Equal("0A1B2C3D", receipted.GetCString());
        Assert.True(Tlv.TryFind(decoded.Tlvs, TlvTag.MessageState, out var state));
        Assert.Equal(MessageState.Delivered, (MessageState)state.GetByte());
    }

    [Fact]
    public void Submit_multi_keeps_sme_and_distribution_list_destinations()
    {
        var decoded = (SubmitMulti)SmppPduDecoder.Decode(SmppPduEncoder.ToArray(SamplePdus.All["submit_multi"]()));

        Assert.Equal(
            [SubmitMultiDestination.ToSme(1, 1, "32470123456"), SubmitMultiDestination.ToDistributionList("friends")],
            decoded.Destinations);
        Assert.Equal("000001000000000R", decoded.ValidityPeriod);
    }

    [Fact]
    public void Submit_multi_resp_keeps_the_unsuccessful_destinations_and_their_status()
    {
        var decoded = (SubmitMultiResp)SmppPduDecoder.Decode(SmppPduEncoder.ToArray(SamplePdus.All["submit_multi_resp"]()));

        Assert.Equal("m-1", decoded.MessageId);
        Assert.Equal([new UnsuccessSme(1, 1, "32470000000", CommandStatus.InvalidDestinationAddress)], decoded.UnsuccessSmes);
    }

    [Fact]
    public void Short_message_of_254_octets_round_trips_and_255_is_refused_when_encoding()
    {
        var pdu = SamplePdus.Submit();
        pdu.ShortMessage = new byte[254];
        pdu.Tlvs = [];
        var decoded = (SubmitSm)SmppPduDecoder.Decode(SmppPduEncoder.ToArray(pdu));
        Assert.Equal(254, decoded.ShortMessage.Length);

        pdu.ShortMessage = new byte[255];
        Assert.Throws<ArgumentException>(() => pdu.GetLength());
    }

    [Theory]
    [InlineData("0123456789abcdef", "", "")] // system_id: 16 characters, max is 15 + NUL
    [InlineData("esme", "123456789", "")] // password: max 8 + NUL
    [InlineData("esme", "pw", "1234567890123")] // system_type: max 12 + NUL
    public void Fields_longer_than_their_spec_maximum_are_refused_when_encoding(string systemId, string password, string systemType)
    {
        var bind = new BindTransceiver { SystemId = systemId, Password = password, SystemType = systemType };

        Assert.Throws<ArgumentException>(() => SmppPduEncoder.ToArray(bind));
    }

    [Fact]
    public void Time_fields_must_be_empty_or_16_characters()
    {
        var pdu = SamplePdus.Submit();
        pdu.ScheduleDeliveryTime = "2401021530";

        Assert.Throws<ArgumentException>(() => pdu.GetLength());
    }

    [Fact]
    public void Failed_responses_without_a_body_decode_with_empty_fields()
    {
        var bytes = Convert.FromHexString("00000010" + "80000004" + "00000058" + "00000009");

        var decoded = Assert.IsType<SubmitSmResp>(SmppPduDecoder.Decode(bytes));

        Assert.Equal(CommandStatus.Throttled, decoded.CommandStatus);
        Assert.Equal(string.Empty, decoded.MessageId);
    }

    [Fact]
    public void Requests_create_their_matching_response_with_the_same_sequence_number()
    {
        foreach (var factory in SamplePdus.All.Values)
        {
            var request = factory();
            var response = request.CreateResponse(CommandStatus.Throttled);
            if (request.IsResponse || request.CommandId is CommandId.Outbind or CommandId.AlertNotification)
            {
                Assert.Null(response);
                continue;
            }

            Assert.NotNull(response);
            Assert.Equal((uint)request.CommandId | 0x80000000, (uint)response.CommandId);
            Assert.Equal(request.SequenceNumber, response.SequenceNumber);
            Assert.Equal(CommandStatus.Throttled, response.CommandStatus);
        }
    }
}
