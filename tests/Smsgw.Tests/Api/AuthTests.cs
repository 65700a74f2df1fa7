using System.Net;
using Microsoft.Data.Sqlite;
using Smsgw.Accounts;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Api;

public sealed class AuthTests
{
    [Fact]
    public async Task Missing_wrong_or_unknown_credentials_get_the_same_401_with_code_104()
    {
        await using var gateway = await TestGateway.StartAsync();
        var demo = gateway.Demo!;
        var attempts = new (string? Id, string? Secret)[]
        {
            (null, null),
            (demo.ClientId, null),
            (null, demo.ClientSecret),
            (demo.ClientId, demo.ClientSecret + "x"),
            ("unknown-client-id", demo.ClientSecret),
        };
        var bodies = new HashSet<string>();
        foreach (var (id, secret) in attempts)
        {
            using var client = gateway.AnonymousClient();
            if (id is not null)
            {
                client.DefaultRequestHeaders.Add("X-Client-Id", id);
            }
            if (secret is not null)
            {
                client.DefaultRequestHeaders.Add("X-Client-Secret", secret);
            }
            var response = await client.GetAsync("/v1/conversation/32470123456");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var body = await response.JsonAsync();
            Assert.Equal("104", body.GetProperty("error").GetString());
            bodies.Add(body.GetRawText());
        }
        Assert.Single(bodies);
    }

    [Fact]
    public async Task Credentials_in_the_query_string_are_accepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.AnonymousClient();
        var demo = gateway.Demo!;
        var response = await client.GetAsync($"/v1/conversation/32470123456?client_id={demo.ClientId}&client_secret={demo.ClientSecret}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_gets_401_and_a_rotated_secret_replaces_the_old_one()
    {
        await using var gateway = await TestGateway.StartAsync();
        var accounts = gateway.Service<AccountAdministration>();
        var alice = await gateway.CreateAccountAsync("alice");
        using (var client = gateway.Client(alice))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/message/history")).StatusCode);
        }

        var rotated = await accounts.RotateSecretAsync("alice", TestContext.Current.CancellationToken);
        Assert.NotNull(rotated);
        Assert.Equal(alice.ClientId, rotated.ClientId);
        Assert.NotEqual(alice.ClientSecret, rotated.ClientSecret);
        using (var old = gateway.Client(alice))
        {
            await HttpJson.EventuallyAsync(async () => (await old.GetAsync("/v1/message/history")).StatusCode, s => s == HttpStatusCode.Unauthorized);
        }
        using (var fresh = gateway.Client(rotated))
        {
            Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/v1/message/history")).StatusCode);
            Assert.True(await accounts.SetDisabledAsync("alice", true, TestContext.Current.CancellationToken));
            var response = await HttpJson.EventuallyAsync(() => fresh.GetAsync("/v1/message/history"), r => r.StatusCode == HttpStatusCode.Unauthorized);
            Assert.Equal("104", (await response.JsonAsync()).GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Secrets_are_stored_only_as_a_hash_and_have_at_least_128_bits()
    {
        await using var gateway = await TestGateway.StartAsync();
        var alice = await gateway.CreateAccountAsync("alice");
        // 62-symbol alphabet: log2(62) ≈ 5.95 bits per char.
        Assert.True(alice.ClientSecret.Length * Math.Log2(62) >= 128);
        await gateway.StopAsync();

        var secretBytes = System.Text.Encoding.UTF8.GetBytes(alice.ClientSecret);
        if (TestStorage.IsPostgres)
        {
            // The secret is [A-Za-z0-9] only, so it can sit in the SQL text.
            Assert.Equal(0, await TestStorage.CountAsync(gateway.DataDirectory, $"SELECT COUNT(*) FROM accounts a WHERE position('{alice.ClientSecret}' in a::text) > 0"));
        }
        else
        {
            var dbBytes = await File.ReadAllBytesAsync(Path.Combine(gateway.DataDirectory, "smsgw.db"), TestContext.Current.CancellationToken);
            var walPath = Path.Combine(gateway.DataDirectory, "smsgw.db-wal");
            var walBytes = File.Exists(walPath) ? await File.ReadAllBytesAsync(walPath, TestContext.Current.CancellationToken) : [];
            Assert.Equal(-1, dbBytes.AsSpan().IndexOf(secretBytes));
            Assert.Equal(-1, walBytes.AsSpan().IndexOf(secretBytes));
        }
        var hash = (byte[])(await TestStorage.QueryAsync(gateway.DataDirectory, "SELECT secret_hash FROM accounts WHERE name = 'alice'")).Single()[0];
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(secretBytes), hash);
    }

    [Fact]
    public async Task One_account_never_sees_or_changes_another_accounts_messages()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Simulator:ReceiptDelay"] = "00:10:00" });
        var alice = await gateway.CreateAccountAsync("alice");
        var bob = await gateway.CreateAccountAsync("bob");
        using var aliceClient = gateway.Client(alice);
        using var bobClient = gateway.Client(bob);

        var scheduled = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var sent = await (await aliceClient.SendJsonAsync("/v1/message/send", new { message = "for alice only", to = "32470111111", sender = "Alice", date = scheduled })).JsonAsync();
        var id = sent.GetProperty("messageid").GetString();
        await aliceClient.SendJsonAsync("/v1/simulator/inbound", new { from = "32470111111", to = "Alice", message = "hi alice" });

        var conversation = await (await bobClient.GetAsync("/v1/conversation/32470111111")).JsonAsync();
        Assert.Equal(0, conversation.GetProperty("total").GetInt64());
        Assert.Equal(0, (await (await bobClient.GetAsync("/v1/message/history")).JsonAsync()).GetProperty("total").GetInt64());
        Assert.Equal(0, (await (await bobClient.GetAsync("/v1/message/inbox")).JsonAsync()).GetProperty("total").GetInt64());

        var read = await bobClient.GetAsync($"/v1/message/{id}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("133", (await read.JsonAsync()).GetProperty("error").GetString());
        var cancel = await bobClient.DeleteAsync($"/v1/message/{id}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);

        var mine = await (await aliceClient.GetAsync($"/v1/message/{id}")).JsonAsync();
        Assert.Equal("SUBMITTED", mine.GetProperty("status").GetString());
        Assert.Equal(2, (await (await aliceClient.GetAsync("/v1/conversation/32470111111")).JsonAsync()).GetProperty("total").GetInt64());
    }
}
