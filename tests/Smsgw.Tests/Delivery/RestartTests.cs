using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Smsgw.Carriers;
using Smsgw.Carriers.Simulator;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Delivery;

/// <summary>A stop and start of the server on the same data directory: nothing accepted is lost or sent twice.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _dataDirectory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_dataDirectory);

    private static string BrusselsMinute(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels")).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> DetailAsync(HttpClient client, string id) => await (await client.GetAsync($"/v1/message/{id}")).JsonAsync();

    [Fact]
    public async Task Pending_scheduled_messages_are_sent_after_a_restart()
    {
        var start = DateTimeOffset.UtcNow;
        var gateway = await TestGateway.StartAsync(timeProvider: new FakeTimeProvider(start), dataDirectory: _dataDirectory);
        var credentials = gateway.Demo!;
        string id;
        using (var client = gateway.Client())
        {
            id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "after restart", to = "32470123456", sender = "MyBrand", date = BrusselsMinute(start.AddMinutes(10)) })).JsonAsync())
                .GetProperty("messageid").GetString()!;
        }
        await gateway.StopAsync();

        var clock = new FakeTimeProvider(start.AddMinutes(20));
        await using var restarted = await TestGateway.StartAsync(timeProvider: clock, dataDirectory: _dataDirectory);
        Assert.Null(restarted.Demo); // the store already has an account: no second demo
        using var again = restarted.Client(credentials);
        var detail = await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(100), () => DetailAsync(again, id), d => d.GetProperty("status").GetString() == "DELIVERED");
        Assert.Equal(1, await restarted.Service<ISimulatorStore>().CountAcceptedAsync(TestContext.Current.CancellationToken));
        Assert.Equal("after restart", detail.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_receipt_owed_before_a_restart_arrives_after_it_without_a_second_submit()
    {
        var start = DateTimeOffset.UtcNow;
        var settings = new Dictionary<string, string?> { ["Smsgw:Simulator:ReceiptDelay"] = "01:00:00" };
        var gateway = await TestGateway.StartAsync(settings, new FakeTimeProvider(start), _dataDirectory);
        var credentials = gateway.Demo!;
        string id;
        using (var client = gateway.Client())
        {
            id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "receipt later", to = "32470123456", sender = "MyBrand" })).JsonAsync())
                .GetProperty("messageid").GetString()!;
            await HttpJson.EventuallyAsync(() => DetailAsync(client, id), d => d.GetProperty("partDetails").GetArrayLength() == 1);
        }
        await gateway.StopAsync();

        var clock = new FakeTimeProvider(start.AddHours(2));
        await using var restarted = await TestGateway.StartAsync(settings, clock, _dataDirectory);
        using var again = restarted.Client(credentials);
        await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(100), () => DetailAsync(again, id), d => d.GetProperty("status").GetString() == "DELIVERED");
        Assert.Equal(1, await restarted.Service<ISimulatorStore>().CountAcceptedAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_message_the_carrier_took_just_before_a_crash_is_not_sent_again()
    {
        var start = DateTimeOffset.UtcNow;
        var gateway = await TestGateway.StartAsync(timeProvider: new FakeTimeProvider(start), dataDirectory: _dataDirectory);
        var credentials = gateway.Demo!;
        string id;
        string carrierId;
        using (var client = gateway.Client())
        {
            id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "in doubt", to = "32470123456", sender = "MyBrand", date = BrusselsMinute(start.AddMinutes(10)) })).JsonAsync())
                .GetProperty("messageid").GetString()!;
            // Play the dispatcher's first half by hand: lease, then the carrier takes it, then "crash" before the outcome is recorded.
            var store = gateway.Service<IMessageStore>();
            var leased = Assert.Single(await store.LeaseDueAsync(start.AddMinutes(11), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
            Assert.False(leased.InDoubt);
            var accepted = await gateway.Service<SimulatorCarrier>().SubmitAsync(new CarrierSubmission(leased.MessageId, leased.AccountId, leased.Sender,
                leased.Receiver, leased.Body, leased.Encoding, leased.Parts, InDoubt: false), TestContext.Current.CancellationToken);
            carrierId = Assert.Single(Assert.IsType<CarrierSubmitResult.Accepted>(accepted).CarrierMessageIds);
        }
        await gateway.StopAsync();

        var clock = new FakeTimeProvider(start.AddMinutes(12));
        await using var restarted = await TestGateway.StartAsync(timeProvider: clock, dataDirectory: _dataDirectory);
        using var again = restarted.Client(credentials);
        var detail = await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(100), () => DetailAsync(again, id), d => d.GetProperty("status").GetString() == "DELIVERED");
        Assert.Equal(carrierId, detail.GetProperty("partDetails")[0].GetProperty("carrierMessageId").GetString());
        Assert.Equal(1, await restarted.Service<ISimulatorStore>().CountAcceptedAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_second_server_on_one_SQLite_store_refuses_to_start_and_on_PostgreSQL_it_joins_as_a_node()
    {
        await using var first = await TestGateway.StartAsync(dataDirectory: _dataDirectory);
        if (!TestStorage.IsPostgres)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestGateway.StartAsync(dataDirectory: _dataDirectory));
            Assert.Contains("already running", error.Message, StringComparison.Ordinal);
            return;
        }
        // Several nodes share one database: a message sent through the second is delivered and read from the first.
        await using var second = await TestGateway.StartAsync(dataDirectory: _dataDirectory);
        var credentials = await second.CreateAccountAsync("nodes");
        using var secondClient = second.Client(credentials);
        using var firstClient = first.Client(credentials);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.SendJsonAsync("/v1/message/send", new { message = "two nodes", to = "32470123456", sender = "Nodes" })).StatusCode);
        await HttpJson.EventuallyAsync(
            async () => (await (await firstClient.GetAsync("/v1/conversation/32470123456")).JsonAsync()).GetProperty("conversation").EnumerateArray().ToList(),
            items => items.Count == 1 && items[0].GetProperty("deliveryStatus").GetString() == "DELIVERED");
    }
}
