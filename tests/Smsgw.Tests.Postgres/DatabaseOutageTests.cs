using System.Diagnostics;
using System.Net;
using Npgsql;
using Smsgw.Tests.Support;

namespace Smsgw.Tests;

/// <summary>PostgreSQL unreachable: a clear 503 (105) and an unhealthy /health instead of a hang, and recovery on its own.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_cut_off_sends_get_503_quickly_and_the_node_recovers_by_itself()
    {
        var direct = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync());
        await using var proxy = new TcpProxy(direct.Port);
        var proxied = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Port = proxy.Port, Timeout = 5 };
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Storage:ConnectionString"] = proxied.ConnectionString });
        using var client = gateway.Client();
        using var anonymous = gateway.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = "before", to = "32470123456", sender = "Outage" })).StatusCode);

        proxy.Cut();
        var started = Stopwatch.StartNew();
        // The first requests may still find a pooled connection that only now learns it is dead: the answer is 503 either way.
        var refused = await client.SendJsonAsync("/v1/message/send", new { message = "during", to = "32470123456", sender = "Outage" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("105", (await refused.JsonAsync()).GetProperty("error").GetString());
        Assert.True(refused.Headers.RetryAfter is not null, "503 carries Retry-After");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"answered after {started.Elapsed}, not a hang");
        await HttpJson.EventuallyAsync(async () => (await anonymous.GetAsync("/health")).StatusCode, s => s == HttpStatusCode.ServiceUnavailable);

        proxy.Restore();
        await HttpJson.EventuallyAsync(async () => (await anonymous.GetAsync("/health")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var after = await HttpJson.EventuallyAsync(
            () => client.SendJsonAsync("/v1/message/send", new { message = "after", to = "32470123456", sender = "Outage" }),
            r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        // What was acknowledged before and after is delivered; what got 503 was never stored.
        var conversation = await HttpJson.EventuallyAsync(
            async () => (await (await client.GetAsync("/v1/conversation/32470123456")).JsonAsync()).GetProperty("conversation").EnumerateArray().ToList(),
            items => items.Count >= 2 && items.All(i => i.GetProperty("deliveryStatus").GetString() == "DELIVERED"), TimeSpan.FromSeconds(30));
        Assert.Equal(["after", "before"], conversation.Select(i => i.GetProperty("message").GetString()));
    }
}
