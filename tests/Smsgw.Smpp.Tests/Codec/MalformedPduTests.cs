using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Tests.Support;
using Xunit;
using static Smsgw.Smpp.Tests.Support.Frames;

namespace Smsgw.Smpp.Tests.Codec;

public sealed class MalformedPduTests
{
    private const uint BindTransceiver = 0x00000009;
    private const uint SubmitSm = 0x00000004;
    private const uint SubmitMulti = 0x00000021;
    private const uint QuerySm = 0x00000003;
    private const uint Outbind = 0x0000000B;

    private const string BindTail = "34" + "01" + "01" + "00"; // interface_version, addr_ton, addr_npi, address_range ""

    /// <summary>The corpus: a malformed PDU, the command id of the answer and its exact command_status.</summary>
    public static TheoryData<string, byte[], CommandId, CommandStatus> Corpus => new()
    {
        {
            "sm_length beyond the body", Build(SubmitSm, SubmitSmHead + "00" + "00" + SubmitSmTail + "05" + "4869"),
            CommandId.SubmitSmResp, CommandStatus.InvalidMessageLength
        },
        {
            "sm_length 255", Build(SubmitSm, SubmitSmHead + "00" + "00" + SubmitSmTail + "FF" + new string('4', 510)),
            CommandId.SubmitSmResp, CommandStatus.InvalidMessageLength
        },
        {
            "source_addr without NUL within 21", Build(SubmitSm, "00" + "0000" + Hex(new string('9', 25)) + "00"),
            CommandId.SubmitSmResp, CommandStatus.InvalidSourceAddress
        },
        {
            "destination_addr without NUL within 21", Build(SubmitSm, "00" + "0000" + "4100" + "0101" + Hex(new string('9', 21)) + "00"),
            CommandId.SubmitSmResp, CommandStatus.InvalidDestinationAddress
        },
        {
            "destination_addr running to the end of the body", Build(SubmitSm, "00" + "0000" + "4100" + "0101" + Hex("3247")),
            CommandId.SubmitSmResp, CommandStatus.InvalidDestinationAddress
        },
        {
            "service_type without NUL within 6", Build(SubmitSm, Hex("ABCDEFG") + "00" + "0000"),
            CommandId.SubmitSmResp, CommandStatus.InvalidServiceType
        },
        {
            "schedule_delivery_time of 5 characters", Build(SubmitSm, SubmitSmHead + Hex("24010") + "00" + "00" + SubmitSmTail + "00"),
            CommandId.SubmitSmResp, CommandStatus.InvalidScheduledDeliveryTime
        },
        {
            "validity_period of 17 characters", Build(SubmitSm, SubmitSmHead + "00" + Hex("240102153100000+X") + "00" + SubmitSmTail + "00"),
            CommandId.SubmitSmResp, CommandStatus.InvalidValidityPeriod
        },
        {
            "body ends before esm_class", Build(SubmitSm, "00" + "0000" + "4100" + "0101" + "3100"),
            CommandId.SubmitSmResp, CommandStatus.InvalidCommandLength
        },
        {
            "empty submit_sm body", Build(SubmitSm, string.Empty),
            CommandId.SubmitSmResp, CommandStatus.InvalidCommandLength
        },
        {
            "TLV length beyond the body", Build(SubmitSm, ValidSubmitSmBody + "0424" + "0010" + "4142"),
            CommandId.SubmitSmResp, CommandStatus.InvalidParameterLength
        },
        {
            "TLV header cut after 2 octets", Build(SubmitSm, ValidSubmitSmBody + "0424"),
            CommandId.SubmitSmResp, CommandStatus.InvalidOptionalParameterStream
        },
        {
            "sar_msg_ref_num of 1 octet", Build(SubmitSm, ValidSubmitSmBody + "020C" + "0001" + "01"),
            CommandId.SubmitSmResp, CommandStatus.InvalidParameterLength
        },
        {
            "network_error_code of 2 octets", Build(SubmitSm, ValidSubmitSmBody + "0423" + "0002" + "0300"),
            CommandId.SubmitSmResp, CommandStatus.InvalidParameterLength
        },
        {
            "system_id without NUL within 16", Build(BindTransceiver, Hex(new string('s', 16)) + "00" + "00" + "00" + BindTail),
            CommandId.BindTransceiverResp, CommandStatus.InvalidSystemId
        },
        {
            "password without NUL within 9", Build(BindTransceiver, Hex("esme") + "00" + Hex("123456789") + "00" + "00" + BindTail),
            CommandId.BindTransceiverResp, CommandStatus.InvalidPassword
        },
        {
            "system_type without NUL within 13", Build(BindTransceiver, Hex("esme") + "00" + Hex("pw") + "00" + Hex(new string('t', 13)) + "00" + BindTail),
            CommandId.BindTransceiverResp, CommandStatus.InvalidSystemType
        },
        {
            "bind cut before addr_ton", Build(BindTransceiver, Hex("esme") + "00" + Hex("pw") + "00" + "00" + "34"),
            CommandId.BindTransceiverResp, CommandStatus.InvalidCommandLength
        },
        {
            "submit_multi with no destinations", Build(SubmitMulti, "00" + "0000" + "4100" + "00"),
            CommandId.SubmitMultiResp, CommandStatus.InvalidNumberOfDestinations
        },
        {
            "submit_multi dest_flag 3", Build(SubmitMulti, "00" + "0000" + "4100" + "01" + "03" + "0101" + "3100"),
            CommandId.SubmitMultiResp, CommandStatus.InvalidDestinationFlag
        },
        {
            "submit_multi dl_name without NUL within 21", Build(SubmitMulti, "00" + "0000" + "4100" + "01" + "02" + Hex(new string('d', 21)) + "00"),
            CommandId.SubmitMultiResp, CommandStatus.InvalidDistributionListName
        },
        {
            "query_sm message_id without NUL within 65", Build(QuerySm, Hex(new string('7', 65)) + "00" + "0000" + "00"),
            CommandId.QuerySmResp, CommandStatus.InvalidMessageId
        },
        {
            "unknown command id", Build(0x00000999, string.Empty),
            CommandId.GenericNack, CommandStatus.InvalidCommandId
        },
        {
            "unknown response command id", Build(0x00000016, "00"),
            CommandId.GenericNack, CommandStatus.InvalidCommandId
        },
        {
            "outbind system_id without NUL", Build(Outbind, Hex(new string('s', 16)) + "00"),
            CommandId.GenericNack, CommandStatus.InvalidSystemId
        },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Malformed_pdu_throws_with_the_status_and_is_answered_by_the_matching_response(string why, byte[] frame, CommandId answerId, CommandStatus status)
    {
        var exception = Assert.Throws<SmppPduException>(() => SmppPduDecoder.Decode(frame));

        Assert.True(status == exception.CommandStatus, $"{why}: expected {status}, got {exception.CommandStatus}");
        Assert.NotNull(exception.Header);
        var answer = SmppPduDecoder.CreateErrorResponse(exception.Header.Value, exception.CommandStatus);
        Assert.NotNull(answer);
        Assert.Equal(answerId, answer.CommandId);
        Assert.Equal(status, answer.CommandStatus);
        Assert.Equal(1u, answer.SequenceNumber);
    }

    [Fact]
    public void Malformed_response_is_never_answered()
    {
        var frame = Build(0x80000004, Hex(new string('7', 70)));

        var exception = Assert.Throws<SmppPduException>(() => SmppPduDecoder.Decode(frame));

        Assert.Equal(CommandStatus.InvalidMessageId, exception.CommandStatus);
        Assert.Null(SmppPduDecoder.CreateErrorResponse(exception.Header!.Value, exception.CommandStatus));
    }

    [Fact]
    public void Trailing_octets_after_a_pdu_without_optional_part_are_ignored()
    {
        var frame = Build(0x00000015, "DEADBEEF", sequenceNumber: 3);

        var pdu = SmppPduDecoder.Decode(frame);

        Assert.IsType<EnquireLink>(pdu);
        Assert.Equal(3u, pdu.SequenceNumber);
    }

    [Fact]
    public void Valid_submit_sm_body_of_the_corpus_decodes()
    {
        var pdu = Assert.IsType<SubmitSm>(SmppPduDecoder.Decode(Build(SubmitSm, ValidSubmitSmBody)));

        Assert.Equal("A", pdu.SourceAddr);
        Assert.Equal("1", pdu.DestinationAddr);
        Assert.True(pdu.ShortMessage.IsEmpty);
    }
}
