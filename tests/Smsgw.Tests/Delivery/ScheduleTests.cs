using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Delivery;

public sealed class ScheduleTests
{
    private static string BrusselsMinute(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels")).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> DetailAsync(HttpClient client, string id) => await (await client.GetAsync($"/v1/message/{id}")).JsonAsync();

    [Fact]
    public async Task A_scheduled_message_waits_until_its_date_then_is_delivered()
    {
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Simulator:ReceiptDelay"] = "00:00:01" }, clock);
        using var client = gateway.Client();
        var due = clock.GetUtcNow().AddMinutes(30);
        var sent = await (await client.SendJsonAsync("/v1/message/send", new { message = "later", to = "32470123456", sender = "MyBrand", date = BrusselsMinute(due) })).JsonAsync();
        var id = sent.GetProperty("messageid").GetString()!;
        var simulator = gateway.Service<ISimulatorStore>();

        var detail = await DetailAsync(client, id);
        Assert.Equal("SUBMITTED", detail.GetProperty("status").GetString()); // queued reports SUBMITTED (decision 9)
        Assert.Equal(0, detail.GetProperty("partDetails").GetArrayLength());
        var scheduledAt = detail.GetProperty("scheduledUnixDatetime").GetInt64();
        Assert.Equal(due.ToUnixTimeSeconds() - (due.ToUnixTimeSeconds() % 60), scheduledAt);

        clock.Advance(TimeSpan.FromMinutes(28));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(0, await simulator.CountAcceptedAsync(TestContext.Current.CancellationToken));

        var delivered = await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => DetailAsync(client, id), d => d.GetProperty("status").GetString() == "DELIVERED");
        Assert.True(clock.GetUtcNow().ToUnixTimeSeconds() >= scheduledAt);
        Assert.Equal(1, await simulator.CountAcceptedAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, delivered.GetProperty("partDetails").GetArrayLength());
    }

    [Fact]
    public async Task A_scheduled_message_can_be_cancelled_before_its_date_and_is_never_sent()
    {
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(timeProvider: clock);
        using var client = gateway.Client();
        var sent = await (await client.SendJsonAsync("/v1/message/send", new { message = "cancel me", to = "32470123456", sender = "MyBrand", date = BrusselsMinute(clock.GetUtcNow().AddHours(2)) })).JsonAsync();
        var id = sent.GetProperty("messageid").GetString()!;

        var cancel = await client.DeleteAsync($"/v1/message/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        var again = await client.DeleteAsync($"/v1/message/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("153", (await again.JsonAsync()).GetProperty("error").GetString());

        clock.Advance(TimeSpan.FromHours(3));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(0, await gateway.Service<ISimulatorStore>().CountAcceptedAsync(TestContext.Current.CancellationToken));
        var detail = await DetailAsync(client, id);
        Assert.Equal("CANCELLED", detail.GetProperty("status").GetString());
        var conversation = await (await client.GetAsync("/v1/conversation/32470123456")).JsonAsync();
        Assert.Equal("CANCELLED", conversation.GetProperty("conversation")[0].GetProperty("deliveryStatus").GetString());
    }

    [Fact]
    public async Task A_message_already_with_the_carrier_cannot_be_cancelled()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "now", to = "32470123456", sender = "MyBrand" })).JsonAsync()).GetProperty("messageid").GetString()!;
        await HttpJson.EventuallyAsync(() => DetailAsync(client, id), d => d.GetProperty("status").GetString() == "DELIVERED");
        var cancel = await client.DeleteAsync($"/v1/message/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal("DELIVERED", (await DetailAsync(client, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/v1/message/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_message_not_handed_to_a_carrier_within_its_validity_expires_unsent()
    {
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Messages:DefaultValidity"] = "01:00:00" }, clock);
        using var client = gateway.Client();
        var due = clock.GetUtcNow().AddMinutes(10);
        var id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "stale", to = "32470123456", sender = "MyBrand", date = BrusselsMinute(due) })).JsonAsync())
            .GetProperty("messageid").GetString()!;
        // Jump past due + validity in one move, as after a long outage: it must not go out late.
        clock.Advance(TimeSpan.FromHours(3));
        var detail = await HttpJson.EventuallyAsync(() => DetailAsync(client, id), d => d.GetProperty("status").GetString() != "SUBMITTED");
        Assert.Equal("NOT DELIVERED", detail.GetProperty("status").GetString());
        Assert.Contains("validity", detail.GetProperty("statusDetail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await gateway.Service<ISimulatorStore>().CountAcceptedAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Past_dates_are_refused_with_121_on_the_servers_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 30, TimeSpan.Zero));
        await using var gateway = await TestGateway.StartAsync(timeProvider: clock);
        using var client = gateway.Client();
        // 14:00 Brussels (CEST) is 12:00 UTC: the current minute is accepted, the one before is past.
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = "x", to = "32470123456", sender = "MyBrand", date = "2026-06-01 14:00" })).StatusCode);
        var past = await client.SendJsonAsync("/v1/message/send", new { message = "x", to = "32470123456", sender = "MyBrand", date = "2026-06-01 13:59" });
        Assert.Equal("121", (await past.JsonAsync()).GetProperty("error").GetString());
    }
}
