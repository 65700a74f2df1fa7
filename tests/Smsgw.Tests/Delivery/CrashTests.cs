using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Smsgw.Accounts;
using Smsgw.Hosting;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Delivery;

/// <summary>
/// A separate `smsgw serve` process takes sends under load and is killed with SIGKILL mid-run, then restarted:
/// every message that got HTTP 200 is in the store and ends delivered, each accepted by the carrier once.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _dataDirectory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_dataDirectory);

    [Fact]
    public async Task Messages_acknowledged_before_a_SIGKILL_are_all_delivered_once_after_restart()
    {
        var credentials = await CreateAccountAsync();
        var port = GatewayProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Client-Id", credentials.ClientId);
        client.DefaultRequestHeaders.Add("X-Client-Secret", credentials.ClientSecret);

        var acknowledged = new ConcurrentBag<string>();
        using (var server = await GatewayProcess.StartAsync(port, _dataDirectory, "--Smsgw:Simulator:ReceiptDelay=00:00:00.200"))
        {
            await GatewayProcess.WaitHealthyAsync(client, server);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    try
                    {
                        var response = await client.PostAsJsonAsync("/v1/message/send",
                            new { message = $"crash test {worker}-{n}", to = new[] { $"3247{worker:00}{1000 + (n % 1000)}", "32470999000" }, sender = "Crash" }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string[]>>(stop.Token);
                            foreach (var id in body!["messageids"])
                            {
                                acknowledged.Add(id);
                            }
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                    {
                        // The server is gone (killed): answers not received do not count as accepted.
                    }
                }
            })).ToList();
            await HttpJson.EventuallyAsync(() => Task.FromResult(acknowledged.Count), c => c >= 10_000, TimeSpan.FromSeconds(90));
            server.Kill(); // SIGKILL: no shutdown hooks, no flush
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }
        var accepted = acknowledged.ToHashSet();
        Assert.True(accepted.Count >= 10_000);

        using (var restarted = await GatewayProcess.StartAsync(port, _dataDirectory, "--Smsgw:Simulator:ReceiptDelay=00:00:00.200"))
        {
            await GatewayProcess.WaitHealthyAsync(client, restarted);
            await HttpJson.EventuallyAsync(async () => (await TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM messages WHERE direction = 0 AND status <> 4")), pending => pending == 0, TimeSpan.FromSeconds(120));
            restarted.Kill();
            await restarted.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var stored = (await TestStorage.QueryAsync(_dataDirectory, "SELECT message_id, status FROM messages WHERE direction = 0"))
            .ToDictionary(r => (string)r[0], r => Convert.ToInt64(r[1], System.Globalization.CultureInfo.InvariantCulture));
        var lost = accepted.Where(id => !stored.ContainsKey(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged messages are missing from the store");
        Assert.All(stored.Values, status => Assert.Equal(4L, status)); // every stored message delivered, acked or not
        var submissions = (await TestStorage.QueryAsync(_dataDirectory, "SELECT message_id FROM simulator_submissions")).Select(r => (string)r[0]).ToList();
        Assert.Equal(submissions.Count, submissions.Distinct().Count());
        Assert.Equal(stored.Keys.Order(), submissions.Order());
        // One submit each, its carrier id kept on the message's row (one-part messages write no message_parts row).
        Assert.Equal(stored.Count, await TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM messages WHERE direction = 0 AND carrier_message_id IS NOT NULL"));
        Assert.Equal(0, await TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM message_parts"));
        TestContext.Current.SendDiagnosticMessage($"acknowledged {accepted.Count}, stored {stored.Count} (stored but unanswered when killed: {stored.Count - accepted.Count})");
    }

    private async Task<IssuedCredentials> CreateAccountAsync()
    {
        var configuration = await TestStorage.ConfigurationAsync(_dataDirectory);
        await using var operators = await OperatorServices.OpenAsync(configuration, TestContext.Current.CancellationToken);
        return (await operators.Accounts.CreateAsync("crash", TestContext.Current.CancellationToken))!;
    }
}
