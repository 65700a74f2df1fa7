using Smsgw.Smpp.Receipts;
using Xunit;

namespace Smsgw.Smpp.Tests.Receipts;

public sealed class ReceiptMessageIdTests
{
    [Theory]
    [InlineData("0A1B2C", "662316")] // hex in submit_sm_resp, decimal in the receipt
    [InlineData("662316", "0A1B2C")]
    [InlineData("0a1b2c", "0A1B2C")] // case
    [InlineData("000123", "123")] // leading zeros
    [InlineData("ff", "255")]
    [InlineData("abc-123", "ABC-123")] // not a number: text match without case
    [InlineData("0", "000")]
    public void Ids_of_the_same_message_match(string submitted, string reported) =>
        Assert.True(ReceiptMessageId.Matches(submitted, reported));

    [Theory]
    [InlineData("123", "124")]
    [InlineData("abc-123", "abc-124")]
    [InlineData("", "")]
    [InlineData("0A1B2C", "662317")]
    public void Ids_of_different_messages_do_not_match(string submitted, string reported) =>
        Assert.False(ReceiptMessageId.Matches(submitted, reported));

    [Fact]
    public void Match_keys_hold_the_text_and_both_numeric_readings()
    {
        Assert.Equal(["t:10", "n:10", "n:16"], ReceiptMessageId.GetMatchKeys(" 0010 "));
        Assert.Equal(["t:xyz"], ReceiptMessageId.GetMatchKeys("XYZ"));
        Assert.Equal(["t:1a", "n:26"], ReceiptMessageId.GetMatchKeys("1A"));
        Assert.Empty(ReceiptMessageId.GetMatchKeys(null));
    }

    [Fact]
    public void Ids_too_long_for_a_number_match_by_text_only()
    {
        var id = new string('9', 60);

        Assert.Equal(["t:" + id], ReceiptMessageId.GetMatchKeys(id));
        Assert.True(ReceiptMessageId.Matches(id, "000" + id));
    }
}
