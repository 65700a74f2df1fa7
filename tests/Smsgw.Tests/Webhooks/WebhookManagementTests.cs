using System.Net;
using Microsoft.Extensions.Time.Testing;
using Smsgw.Tests.Support;
using Smsgw.Webhooks;

namespace Smsgw.Tests.Webhooks;

public sealed class WebhookManagementTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    [InlineData("https://user:pass@example.com/hook")]
    public async Task Endpoints_on_private_or_local_addresses_or_other_schemes_are_refused(string endpoint)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var response = await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = endpoint, webhook_method = "POST", webhook_types = new[] { "delivery_report" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("139", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(0, (await (await client.GetAsync("/v1/webhook/endpoint-list")).JsonAsync()).GetProperty("webhooks").GetArrayLength());
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("169.254.1.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    public void Public_and_private_addresses_are_told_apart(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task An_account_may_have_only_the_configured_number_of_webhooks()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Webhooks:MaxPerAccount"] = "2" });
        using var client = gateway.Client();
        var created = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var response = await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = $"https://example.com/hook{i}", webhook_method = "POST", webhook_types = new[] { "delivery_report" } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            created.Add((await response.JsonAsync()).GetProperty("secret").GetString()!);
        }
        var refused = await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = "https://example.com/hook2", webhook_method = "POST", webhook_types = new[] { "delivery_report" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await refused.JsonAsync();
        Assert.Equal("139", error.GetProperty("error").GetString());
        Assert.Contains("at most 2 webhooks", error.GetProperty("errorMsg").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await (await client.GetAsync("/v1/webhook/endpoint-list")).JsonAsync()).GetProperty("webhooks").GetArrayLength());
        // Another account has its own allowance, and deleting one makes room again.
        using var other = gateway.Client(await gateway.CreateAccountAsync("other"));
        Assert.Equal(HttpStatusCode.OK, (await other.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = "https://example.com/o", webhook_method = "GET", webhook_types = new[] { "inbox_message" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/v1/webhook/{created[0]}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = "https://example.com/hook2", webhook_method = "POST", webhook_types = new[] { "delivery_report" } })).StatusCode);
    }

    [Fact]
    public async Task Bad_method_or_types_are_139_and_a_public_endpoint_is_accepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        foreach (var body in new object[]
        {
            new { webhook_endpoint = "https://example.com/hook", webhook_method = "PUT", webhook_types = new[] { "delivery_report" } },
            new { webhook_endpoint = "https://example.com/hook", webhook_method = "POST", webhook_types = Array.Empty<string>() },
            new { webhook_endpoint = "https://example.com/hook", webhook_method = "POST", webhook_types = new[] { "funds_purchased" } },
        })
        {
            var response = await client.SendJsonAsync("/v1/webhook/create", body);
            Assert.Equal("139", (await response.JsonAsync()).GetProperty("error").GetString());
        }
        var ok = await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = "https://example.com/hook", webhook_method = "get", webhook_types = "delivery_report,inbox_message" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Webhooks_are_listed_deleted_by_secret_and_invisible_to_other_accounts()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        using var other = gateway.Client(await gateway.CreateAccountAsync("other"));
        var created = await (await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = "https://example.com/hook", webhook_method = "POST", webhook_types = new[] { "delivery_report" } })).JsonAsync();
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;

        var list = await (await client.GetAsync("/v1/webhook/endpoint-list")).JsonAsync();
        var item = Assert.Single(list.GetProperty("webhooks").EnumerateArray().ToList());
        Assert.Equal(["id", "webhook_endpoint", "webhook_method", "webhook_types"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal(["delivery_report"], item.GetProperty("webhook_types").EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain(secret, list.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await client.GetAsync($"/v1/webhook/{id}")).JsonAsync()).GetArrayLength());

        Assert.Equal(0, (await (await other.GetAsync("/v1/webhook/endpoint-list")).JsonAsync()).GetProperty("webhooks").GetArrayLength());
        Assert.Equal("134", (await (await other.GetAsync($"/v1/webhook/{id}")).JsonAsync()).GetProperty("error").GetString());
        Assert.Equal("134", (await (await other.DeleteAsync($"/v1/webhook/{secret}", TestContext.Current.CancellationToken)).JsonAsync()).GetProperty("error").GetString());
        Assert.Equal("134", (await (await other.PostAsync($"/v1/webhook/{id}/replay", null, TestContext.Current.CancellationToken)).JsonAsync()).GetProperty("error").GetString());

        var deleted = await client.DeleteAsync($"/v1/webhook/{secret}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True((await deleted.JsonAsync()).GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/v1/webhook/{secret}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(0, (await (await client.GetAsync("/v1/webhook/endpoint-list")).JsonAsync()).GetProperty("webhooks").GetArrayLength());
    }

    [Fact]
    public async Task An_event_committed_before_a_stop_is_delivered_after_the_restart_with_the_same_id()
    {
        var directory = TestGateway.NewDataDirectory();
        try
        {
            var settings = new Dictionary<string, string?> { ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true" };
            var start = DateTimeOffset.UtcNow;
            int port;
            using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }
            var gateway = await TestGateway.StartAsync(settings, new FakeTimeProvider(start), directory);
            var credentials = gateway.Demo!;
            using (var client = gateway.Client())
            {
                // Nothing listens on the port yet: the first attempt fails, the event stays pending.
                await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = $"http://127.0.0.1:{port}/hook", webhook_method = "POST", webhook_types = new[] { "inbox_message" } });
                await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", message = "survives" });
                var id = (await (await client.GetAsync("/v1/webhook/endpoint-list")).JsonAsync()).GetProperty("webhooks")[0].GetProperty("id").GetString();
                await HttpJson.EventuallyAsync(async () => (await (await client.GetAsync($"/v1/webhook/{id}")).JsonAsync())[0].GetProperty("delivery").GetProperty("attempts").GetInt32(), a => a == 1);
            }
            await gateway.StopAsync();

            await using var receiver = await WebhookReceiver.StartAsync(port);
            var clock = new FakeTimeProvider(start.AddMinutes(1));
            await using var restarted = await TestGateway.StartAsync(settings, clock, directory);
            await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(200), () => Task.FromResult(receiver.Requests.Count), c => c == 1);
            var received = receiver.Requests.Single();
            Assert.Contains("survives", received.BodyText, StringComparison.Ordinal);
            using var after = restarted.Client(credentials);
            var list = await (await after.GetAsync("/v1/webhook/endpoint-list")).JsonAsync();
            var events = await (await after.GetAsync($"/v1/webhook/{list.GetProperty("webhooks")[0].GetProperty("id").GetString()}")).JsonAsync();
            Assert.Equal(events[0].GetProperty("event").GetProperty("event_id").GetString(), received.Headers["X-Smsgw-Event-Id"]);
            Assert.Equal(2, events[0].GetProperty("delivery").GetProperty("attempts").GetInt32());
        }
        finally
        {
            TestGateway.TryDelete(directory);
        }
    }
}
