using System.Net;
using Smsgw.Tests.Support;

namespace Smsgw.Tests;

/// <summary>Two gateway nodes on one PostgreSQL both send webhooks: each event is accepted by the receiver once.</summary>
public sealed class TwoNodeWebhookTests : IDisposable
{
    private readonly string _dataDirectory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_dataDirectory);

    [Fact]
    public async Task Two_nodes_deliver_each_event_once_to_a_receiver_that_fails_30_percent_of_requests()
    {
        const int Messages = 400; // → about 800 events: a submitted and a final report each
        await using var receiver = await WebhookReceiver.StartAsync();
        var accepted = receiver.FailRandomly(failPercent: 30, seed: 23);
        var settings = new Dictionary<string, string?> { ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true" };
        for (var i = 0; i < 14; i++)
        {
            settings[$"Smsgw:Webhooks:RetrySchedule:{i}"] = "00:00:00.100";
        }
        await using var first = await TestGateway.StartAsync(settings, dataDirectory: _dataDirectory);
        await using var second = await TestGateway.StartAsync(settings, dataDirectory: _dataDirectory);
        using var firstClient = first.Client();
        using var secondClient = second.Client(first.Demo);
        Assert.Equal(HttpStatusCode.OK, (await firstClient.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = receiver.Url, webhook_method = "POST", webhook_types = new[] { "delivery_report" } })).StatusCode);
        for (var i = 0; i < Messages; i += 50)
        {
            var to = Enumerable.Range(i, 50).Select(n => $"3247{1000000 + n}").ToArray();
            var client = i / 50 % 2 == 0 ? firstClient : secondClient;
            Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = "two nodes", to, sender = "MyBrand" })).StatusCode);
        }

        // The store says how many events there are (the simulator's outcomes vary by number: some messages get no
        // final receipt, some a buffered one, and a buffered receipt played after the final one changes nothing).
        await HttpJson.EventuallyAsync(async () => (
                Settled: await TestStorage.CountAsync(_dataDirectory, "SELECT (SELECT COUNT(*) FROM simulator_events) + (SELECT COUNT(*) FROM messages WHERE status IN (0, 1))") == 0,
                Events: await TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM webhook_events"),
                Accepted: accepted.Count),
            s => s.Settled && s.Accepted == s.Events, TimeSpan.FromSeconds(90));
        await Task.Delay(500, TestContext.Current.CancellationToken); // a late duplicate from the other node would show now
        var events = await TestStorage.QueryAsync(_dataDirectory, "SELECT event_id, state FROM webhook_events");
        Assert.True(events.Count >= 2 * Messages - 10, $"only {events.Count} events");
        Assert.All(events, e => Assert.Equal(1, Convert.ToInt32(e[1], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(events.Select(e => (string)e[0]).Order(), accepted.Keys.Order());
        Assert.DoesNotContain(accepted, e => e.Value > 1);
        Assert.True(receiver.Requests.Count > 2 * Messages, "failed attempts were retried");
    }
}
