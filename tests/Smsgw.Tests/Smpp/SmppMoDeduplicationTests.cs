using Microsoft.Extensions.Time.Testing;
using Smsgw.Accounts;
using Smsgw.Carriers.Smpp;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// MO de-duplication keys on what identifies a delivery (the same request again, or the SMSC's own id), never on text
/// and time: a user's real repeats are all stored, a redelivery once wherever SMPP makes it recognisable.
/// </summary>
public sealed class SmppMoDeduplicationTests
{
    private const string Mobile = "32470123456";
    private const string Number = "3225551234";
    private const ushort VendorIdTag = 0x1401;

    /// <summary>A fake clock <paramref name="into"/> a five-minute span of the epoch: where fixed windows would merge or split.</summary>
    private static FakeTimeProvider ClockInto(TimeSpan into)
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.FromMinutes(5).Ticks), TimeSpan.Zero) + into);
    }

    private static async Task<TestGateway> StartAsync(FakeSmsc smsc, FakeTimeProvider? clock = null, Dictionary<string, string?>? extra = null)
    {
        var settings = smsc.GatewaySettings();
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }
        var gateway = await TestGateway.StartAsync(settings, clock);
        Assert.Equal(NumberAssignment.Assigned, await gateway.Service<NumberAdministration>().AssignAsync(Number, gateway.Demo!.Name, TestContext.Current.CancellationToken));
        return gateway;
    }

    private static async Task<long> InboxTotalAsync(TestGateway gateway)
    {
        using var client = gateway.Client();
        return (await (await client.GetAsync("/v1/message/inbox")).JsonAsync()).GetProperty("total").GetInt64();
    }

    [Fact]
    public async Task The_same_text_sent_twice_a_minute_apart_is_stored_twice()
    {
        var clock = ClockInto(TimeSpan.FromMinutes(1));
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await StartAsync(smsc, clock);

        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(FakeSmsc.Mo(Mobile, Number, "YES")));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(FakeSmsc.Mo(Mobile, Number, "YES")));

        Assert.Equal(2, await InboxTotalAsync(gateway));
    }

    [Fact]
    public async Task A_deliver_sm_sent_again_under_its_sequence_number_across_a_five_minute_boundary_is_stored_once()
    {
        var clock = ClockInto(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(30));
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await StartAsync(smsc, clock);
        var mo = FakeSmsc.Mo(Mobile, Number, "YES");

        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(mo));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(CommandStatus.Ok, await smsc.RedeliverAsync(mo));

        Assert.Equal(1, await InboxTotalAsync(gateway));
    }

    [Fact]
    public async Task With_an_mo_id_tlv_a_redelivery_as_a_new_request_is_stored_once_and_another_id_with_the_same_text_is_stored()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await StartAsync(smsc, extra: new() { ["Smsgw:Smpp:Connections:0:MoMessageIdTlv"] = "0x1401" });

        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(WithId(FakeSmsc.Mo(Mobile, Number, "YES"), "mo-1")));
        // After a reconnect an SMSC redelivers under a new sequence number: only its id says it is the same message.
        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(WithId(FakeSmsc.Mo(Mobile, Number, "YES"), "mo-1")));
        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(WithId(FakeSmsc.Mo(Mobile, Number, "YES"), "mo-2")));

        Assert.Equal(2, await InboxTotalAsync(gateway));
    }

    [Theory]
    [InlineData((ushort)0x0204, false)] // user_message_reference: the handset's own 8-bit reference, not an id
    [InlineData((ushort)0x1401, true)]
    public void Only_a_vendor_specific_tag_is_taken_as_the_mo_id_tlv(ushort tag, bool valid)
    {
        var options = new SmppCarrierOptions { Connections = [new SmppConnectionOptions { Name = "smsc", MoMessageIdTlv = tag }] };

        Assert.Equal(valid, SmppOptionsValidation.Validate(options) is null);
    }

    private static DeliverSm WithId(DeliverSm mo, string id)
    {
        mo.Tlvs = [Tlv.FromCString(VendorIdTag, id)];
        return mo;
    }
}
