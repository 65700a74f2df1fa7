using System.Text.Json;
using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary><c>smsgw webhooks …</c> and the SDK's webhook calls against a running gateway.</summary>
public sealed class WebhooksCommandTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_webhook_is_created_listed_shows_its_failing_events_and_is_deleted()
    {
        var account = gateway.ApiOptions(await gateway.CreateAccountAsync());
        // Port 1 on loopback refuses connections: every attempt fails and the event stays pending.
        var created = await CliRunner.RunAsync(["webhooks", "create", "--endpoint", "http://127.0.0.1:1/hook", "--type", "inbox_message", "--json", .. account]);
        Assert.Equal(0, created.ExitCode);
        var registration = JsonDocument.Parse(created.Stdout).RootElement;
        var id = registration.GetProperty("id").GetString()!;
        var secret = registration.GetProperty("secret").GetString()!;

        var list = await CliRunner.RunAsync(["webhooks", "list", .. account]);
        Assert.Contains(id, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("inbox_message", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await CliRunner.RunAsync(["simulate", "inbound", "--from", "32470123456", "--to", "Shop", "--text", "hi", .. account])).ExitCode);
        var events = await Eventually.HoldsAsync(() => CliRunner.RunAsync(["webhooks", "events", id, "--json", .. account]),
            r => r.ExitCode == 0 && JsonDocument.Parse(r.Stdout).RootElement.GetArrayLength() == 1
                && JsonDocument.Parse(r.Stdout).RootElement[0].GetProperty("delivery").GetProperty("attempts").GetInt32() >= 1);
        var delivery = JsonDocument.Parse(events.Stdout).RootElement[0].GetProperty("delivery");
        Assert.Equal("pending", delivery.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(delivery.GetProperty("last_error").GetString()));

        var text = await CliRunner.RunAsync(["webhooks", "events", id, .. account]);
        Assert.Contains("inbox_message", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending", text.Stdout, StringComparison.Ordinal);

        var replay = await CliRunner.RunAsync(["webhooks", "replay", id, .. account]);
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("replaying 0 event(s)", replay.Stdout, StringComparison.Ordinal); // nothing is dead yet

        Assert.Equal(0, (await CliRunner.RunAsync(["webhooks", "delete", secret, .. account])).ExitCode);
        var again = await CliRunner.RunAsync(["webhooks", "delete", secret, .. account]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("error 134", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_endpoint_is_refused_with_139_when_not_allowed_by_the_gateway()
    {
        var account = gateway.ApiOptions(await gateway.CreateAccountAsync());
        var result = await CliRunner.RunAsync(["webhooks", "create", "--endpoint", "ftp://example.com/x", "--type", "delivery_report", .. account]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error 139", result.Stderr, StringComparison.Ordinal);
    }
}
