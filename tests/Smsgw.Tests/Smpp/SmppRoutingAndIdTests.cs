using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Carriers;
using Smsgw.Carriers.Smpp;
using Smsgw.Messages;
using Smsgw.Smpp.Receipts;

namespace Smsgw.Tests.Smpp;

public sealed class SmppRoutingAndIdTests
{
    [Theory]
    [InlineData("0A1B2C", SmppMessageIdFormat.Hex, SmppMessageIdFormat.Hex, "a1b2c")]
    [InlineData("662316", SmppMessageIdFormat.Decimal, SmppMessageIdFormat.Hex, "a1b2c")]
    [InlineData("000662316", SmppMessageIdFormat.Decimal, SmppMessageIdFormat.Decimal, "662316")]
    [InlineData("0a1b2c", SmppMessageIdFormat.Hex, SmppMessageIdFormat.Decimal, "662316")]
    [InlineData(" 00Msg-42 ", SmppMessageIdFormat.Text, SmppMessageIdFormat.Text, "msg-42")]
    [InlineData("not-hex", SmppMessageIdFormat.Hex, SmppMessageIdFormat.Hex, "not-hex")]
    public void Message_ids_have_one_canonical_form_whatever_form_they_come_in(string id, SmppMessageIdFormat writtenAs, SmppMessageIdFormat storedAs, string expected) =>
        Assert.Equal(expected, SmppMessageIds.Canonical(id, writtenAs, storedAs));

    [Theory]
    [InlineData(MessageState.Delivered, MessageStatus.Delivered)]
    [InlineData(MessageState.Undeliverable, MessageStatus.NotDelivered)]
    [InlineData(MessageState.Expired, MessageStatus.NotDelivered)]
    [InlineData(MessageState.Deleted, MessageStatus.NotDelivered)]
    [InlineData(MessageState.Rejected, MessageStatus.Rejected)]
    [InlineData(MessageState.Accepted, MessageStatus.Buffered)]
    [InlineData(MessageState.Enroute, MessageStatus.Buffered)]
    [InlineData(MessageState.Unknown, MessageStatus.Unknown)]
    [InlineData(MessageState.None, MessageStatus.Unknown)]
    internal void Smpp_states_map_to_smstools_statuses(MessageState state, MessageStatus expected) =>
        Assert.Equal(expected, SmppDeliverSmHandler.ToStatus(state));

    [Fact]
    public void Routes_pick_the_first_match_by_prefix_and_account_then_the_default()
    {
        var options = new CarrierOptions
        {
            Default = "a",
            Routes =
            [
                new CarrierRoute { Prefix = "3247", Account = 7, Carrier = "b" },
                new CarrierRoute { Prefix = "32", Carrier = "c" },
                new CarrierRoute { Account = 9, Carrier = "b" },
            ],
        };
        var registry = new CarrierRegistry([new NamedCarrier("a"), new NamedCarrier("b"), new NamedCarrier("c")], Options.Create(options));

        Assert.Equal("b", registry.Route(new AccountId(7), "32470123456").Name);
        Assert.Equal("c", registry.Route(new AccountId(8), "32470123456").Name);
        Assert.Equal("b", registry.Route(new AccountId(9), "31612345678").Name);
        Assert.Equal("a", registry.Route(new AccountId(8), "31612345678").Name);
        Assert.Equal("b", registry.Route(new AccountId(9), null).Name);
        Assert.Equal("a", registry.Route(new AccountId(7), null).Name);
    }

    [Fact]
    public void A_route_to_an_unknown_carrier_fails_at_start()
    {
        var options = new CarrierOptions { Routes = [new CarrierRoute { Prefix = "32", Carrier = "nope" }] };
        var error = Assert.Throws<InvalidOperationException>(() => new CarrierRegistry([new NamedCarrier("simulator")], Options.Create(options)));
        Assert.Contains("Smsgw:Carriers:Routes:0:Carrier", error.Message);
    }

    private sealed class NamedCarrier(string name) : ICarrier
    {
        public string Name => name;

        public Task<CarrierSubmitResult> SubmitAsync(CarrierSubmission submission, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
