using Smsgw.Smpp.Receipts;
using Xunit;

namespace Smsgw.Smpp.Tests.Receipts;

public sealed class DeliveryReceiptTests
{
    [Fact]
    public void Appendix_b_receipt_parses_into_every_field()
    {
        const string text = "id:0A1B2C3D sub:001 dlvrd:001 submit date:2401021530 done date:2401021531 stat:DELIVRD err:000 text:Hello world";

        Assert.True(DeliveryReceipt.TryParse(text, out var receipt));

        Assert.Equal("0A1B2C3D", receipt.Id);
        Assert.Equal(1, receipt.Submitted);
        Assert.Equal(1, receipt.Delivered);
        Assert.Equal(new DateTime(2024, 1, 2, 15, 30, 0), receipt.SubmitDate);
        Assert.Equal(new DateTime(2024, 1, 2, 15, 31, 0), receipt.DoneDate);
        Assert.Equal("DELIVRD", receipt.Stat);
        Assert.Equal(MessageState.Delivered, receipt.State);
        Assert.Equal("000", receipt.Error);
        Assert.Equal("Hello world", receipt.Text);
    }

    [Fact]
    public void Upper_case_keys_extra_spaces_and_12_digit_dates_are_accepted()
    {
        const string text = "ID: 12345  SUB:1 DLVRD:0  SUBMIT  DATE:240102153045 DONE DATE: 240102153112 STAT:undeliv  ERR:  005 Text:";

        Assert.True(DeliveryReceipt.TryParse(text, out var receipt));

        Assert.Equal("12345", receipt.Id);
        Assert.Equal(0, receipt.Delivered);
        Assert.Equal(new DateTime(2024, 1, 2, 15, 30, 45), receipt.SubmitDate);
        Assert.Equal(new DateTime(2024, 1, 2, 15, 31, 12), receipt.DoneDate);
        Assert.Equal(MessageState.Undeliverable, receipt.State);
        Assert.Equal("005", receipt.Error);
        Assert.Equal(string.Empty, receipt.Text);
    }

    [Fact]
    public void Missing_fields_are_null_or_empty()
    {
        Assert.True(DeliveryReceipt.TryParse("id:abc stat:EXPIRED", out var receipt));

        Assert.Equal("abc", receipt.Id);
        Assert.Null(receipt.Submitted);
        Assert.Null(receipt.SubmitDate);
        Assert.Null(receipt.DoneDate);
        Assert.Equal(MessageState.Expired, receipt.State);
        Assert.Equal(string.Empty, receipt.Error);
    }

    [Fact]
    public void Text_runs_to_the_end_even_when_it_contains_key_names()
    {
        Assert.True(DeliveryReceipt.TryParse("id:1 stat:DELIVRD text:id:2 stat:REJECTD", out var receipt));

        Assert.Equal("1", receipt.Id);
        Assert.Equal(MessageState.Delivered, receipt.State);
        Assert.Equal("id:2 stat:REJECTD", receipt.Text);
    }

    [Fact]
    public void A_field_given_twice_keeps_its_first_value_and_a_key_inside_a_word_is_no_key()
    {
        Assert.True(DeliveryReceipt.TryParse("id:7 stat:ENROUTE id:8 stat:DELIVRD err:001 myid:9 err:002", out var receipt));

        Assert.Equal("7", receipt.Id);
        Assert.Equal(MessageState.Enroute, receipt.State);
        Assert.Equal("001 myid:9", receipt.Error);
    }

    [Fact]
    public void Invalid_dates_and_counts_are_null_not_an_error()
    {
        Assert.True(DeliveryReceipt.TryParse("id:1 sub:x submit date:2413991530 done date:24 stat:ACCEPTD", out var receipt));

        Assert.Null(receipt.Submitted);
        Assert.Null(receipt.SubmitDate);
        Assert.Null(receipt.DoneDate);
        Assert.Equal(MessageState.Accepted, receipt.State);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Hello, see you at 5")]
    [InlineData("valid:yes")]
    public void Text_without_id_or_stat_is_not_a_receipt(string? text) =>
        Assert.False(DeliveryReceipt.TryParse(text, out _));

    [Theory]
    [InlineData("ENROUTE", MessageState.Enroute)]
    [InlineData("DELIVRD", MessageState.Delivered)]
    [InlineData("delivered", MessageState.Delivered)]
    [InlineData("EXPIRED", MessageState.Expired)]
    [InlineData("DELETED", MessageState.Deleted)]
    [InlineData("UNDELIV", MessageState.Undeliverable)]
    [InlineData("ACCEPTD", MessageState.Accepted)]
    [InlineData("UNKNOWN", MessageState.Unknown)]
    [InlineData("REJECTD", MessageState.Rejected)]
    [InlineData("WHATEVER", MessageState.None)]
    public void Stat_maps_to_the_message_state_of_the_spec(string stat, MessageState state) =>
        Assert.Equal(state, DeliveryReceipt.ParseStat(stat));

    [Fact]
    public void Message_state_values_are_those_of_the_spec()
    {
        Assert.Equal(
            [1, 2, 3, 4, 5, 6, 7, 8],
            new[] { MessageState.Enroute, MessageState.Delivered, MessageState.Expired, MessageState.Deleted, MessageState.Undeliverable, MessageState.Accepted, MessageState.Unknown, MessageState.Rejected }.Select(s => (int)s));
    }
}
