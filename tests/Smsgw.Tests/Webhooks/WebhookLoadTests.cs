using System.Net;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Webhooks;

public sealed class WebhookLoadTests
{
    [Fact]
    public async Task Every_event_reaches_a_receiver_that_fails_30_percent_of_requests_and_none_is_accepted_twice()
    {
        const int Messages = 1000; // → 2,000 events: a submitted and a final report each
        await using var receiver = await WebhookReceiver.StartAsync();
        var accepted = receiver.FailRandomly(failPercent: 30, seed: 17);
        var settings = new Dictionary<string, string?> { ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true" };
        for (var i = 0; i < 14; i++)
        {
            settings[$"Smsgw:Webhooks:RetrySchedule:{i}"] = "00:00:00.100";
        }
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = receiver.Url, webhook_method = "POST", webhook_types = new[] { "delivery_report" } });
        for (var i = 0; i < Messages; i += 100)
        {
            var to = Enumerable.Range(i, 100).Select(n => $"3247{1000000 + n}").ToArray();
            Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = "load", to, sender = "MyBrand" })).StatusCode);
        }

        await HttpJson.EventuallyAsync(() => Task.FromResult(accepted.Count), c => c == 2 * Messages, TimeSpan.FromSeconds(90));
        await Task.Delay(300, TestContext.Current.CancellationToken); // a late duplicate would show now
        Assert.Equal(2 * Messages, accepted.Count);
        var duplicates = accepted.Count(e => e.Value > 1);
        Assert.Equal(0, duplicates);
        TestContext.Current.SendDiagnosticMessage($"{receiver.Requests.Count} requests delivered {accepted.Count} events, {duplicates} twice");
    }
}
