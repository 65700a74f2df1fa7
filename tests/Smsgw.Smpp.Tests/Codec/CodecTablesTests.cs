using Smsgw.Smpp.Codec;
using Xunit;

namespace Smsgw.Smpp.Tests.Codec;

public sealed class CodecTablesTests
{
    [Theory]
    [InlineData(CommandStatus.Ok, 0x00)]
    [InlineData(CommandStatus.InvalidMessageLength, 0x01)]
    [InlineData(CommandStatus.InvalidCommandLength, 0x02)]
    [InlineData(CommandStatus.InvalidCommandId, 0x03)]
    [InlineData(CommandStatus.InvalidBindStatus, 0x04)]
    [InlineData(CommandStatus.AlreadyBound, 0x05)]
    [InlineData(CommandStatus.SystemError, 0x08)]
    [InlineData(CommandStatus.InvalidSourceAddress, 0x0A)]
    [InlineData(CommandStatus.InvalidDestinationAddress, 0x0B)]
    [InlineData(CommandStatus.InvalidPassword, 0x0E)]
    [InlineData(CommandStatus.InvalidSystemId, 0x0F)]
    [InlineData(CommandStatus.MessageQueueFull, 0x14)]
    [InlineData(CommandStatus.SubmitFailed, 0x45)]
    [InlineData(CommandStatus.Throttled, 0x58)]
    [InlineData(CommandStatus.ReceiverTemporaryError, 0x64)]
    [InlineData(CommandStatus.InvalidOptionalParameterStream, 0xC0)]
    [InlineData(CommandStatus.InvalidParameterLength, 0xC2)]
    [InlineData(CommandStatus.DeliveryFailure, 0xFE)]
    [InlineData(CommandStatus.UnknownError, 0xFF)]
    public void Command_status_values_are_those_of_the_spec_table(CommandStatus status, uint value) =>
        Assert.Equal(value, (uint)status);

    [Fact]
    public void Every_request_id_has_its_response_id_with_bit_31_set_except_outbind_and_alert_notification()
    {
        var ids = Enum.GetValues<CommandId>();
        foreach (var request in ids.Where(id => !PduHeader.IsResponseId(id)))
        {
            var hasResponse = ids.Contains((CommandId)((uint)request | 0x80000000));
            Assert.Equal(request is not (CommandId.Outbind or CommandId.AlertNotification), hasResponse);
        }

        Assert.Equal(27, ids.Length);
    }

    [Fact]
    public void Tlv_helpers_write_big_endian_values_and_read_them_back()
    {
        Assert.Equal(new byte[] { 0x12, 0x34 }, Tlv.FromUInt16(TlvTag.SarMsgRefNum, 0x1234).Value.ToArray());
        Assert.Equal(0x01020304u, Tlv.FromUInt32(TlvTag.QosTimeToLive, 0x01020304).GetUInt32());
        Assert.Equal("abc", Tlv.FromCString(TlvTag.ReceiptedMessageId, "abc").GetCString());
        Assert.Equal(4, Tlv.FromCString(TlvTag.ReceiptedMessageId, "abc").Value.Length);
        Assert.Throws<InvalidOperationException>(() => Tlv.FromByte(TlvTag.MessageState, 2).GetUInt16());
    }

    [Fact]
    public void Tlvs_compare_by_tag_and_value_octets()
    {
        Assert.Equal(new Tlv(0x1401, new byte[] { 1, 2 }), new Tlv(0x1401, new byte[] { 1, 2 }));
        Assert.NotEqual(new Tlv(0x1401, new byte[] { 1, 2 }), new Tlv(0x1402, new byte[] { 1, 2 }));
    }
}
