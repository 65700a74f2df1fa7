using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Smsgw.Accounts;
using Smsgw.Hosting;
using Smsgw.Tests.Support;

namespace Smsgw.Tests;

/// <summary>
/// Three `smsgw serve` processes on one PostgreSQL take sends spread over their ports; one is killed with SIGKILL
/// mid-run. Every acknowledged message is delivered, handed to the carrier once (or re-offered only to resolve an
/// in-doubt hand-off of the dead node, which the carrier answers idempotently), nothing is stuck, and every
/// surviving node reads the same conversations.
/// </summary>
public sealed class MultiNodeTests : IDisposable
{
    private const int Target = 10_000;
    private readonly string _dataDirectory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_dataDirectory);

    [Fact]
    public async Task Three_nodes_share_the_work_and_a_killed_node_loses_nothing_and_sends_nothing_twice()
    {
        IssuedCredentials credentials;
        await using (var operators = await OperatorServices.OpenAsync(await TestStorage.ConfigurationAsync(_dataDirectory), TestContext.Current.CancellationToken))
        {
            credentials = (await operators.Accounts.CreateAsync("nodes", TestContext.Current.CancellationToken))!;
        }
        string[] settings = ["--Smsgw:Simulator:ReceiptDelay=00:00:00.200", "--Smsgw:Outbound:LeaseDuration=00:00:10"];
        var ports = Enumerable.Range(0, 3).Select(_ => GatewayProcess.FreePort()).ToArray();
        var nodes = new List<System.Diagnostics.Process>();
        foreach (var port in ports)
        {
            nodes.Add(await GatewayProcess.StartAsync(port, _dataDirectory, settings));
        }
        var clients = ports.Select(port =>
        {
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Add("X-Client-Id", credentials.ClientId);
            client.DefaultRequestHeaders.Add("X-Client-Secret", credentials.ClientSecret);
            return client;
        }).ToArray();
        try
        {
            for (var i = 0; i < nodes.Count; i++)
            {
                await GatewayProcess.WaitHealthyAsync(clients[i], nodes[i]);
            }

            var acknowledged = new ConcurrentDictionary<string, int>();
            var killed = false;
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 12).Select(worker => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var node = (worker + n) % clients.Length;
                    if (node == 1 && Volatile.Read(ref killed))
                    {
                        continue;
                    }
                    try
                    {
                        var response = await clients[node].PostAsJsonAsync("/v1/message/send",
                            new { message = $"node test {worker}-{n}", to = $"3247{worker:00}{1000 + (n % 500)}", sender = "Nodes" }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>(stop.Token);
                            acknowledged[body!["messageid"]] = node;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                    {
                        // The killed node's unanswered requests were never acknowledged: they do not count.
                    }
                }
            })).ToList();

            await HttpJson.EventuallyAsync(() => Task.FromResult(acknowledged.Count), c => c >= Target / 2, TimeSpan.FromSeconds(120));
            nodes[1].Kill(); // SIGKILL mid-run: its leases stay behind until they expire
            Volatile.Write(ref killed, true);
            await nodes[1].WaitForExitAsync(TestContext.Current.CancellationToken);
            await HttpJson.EventuallyAsync(() => Task.FromResult(acknowledged.Count), c => c >= Target, TimeSpan.FromSeconds(120));
            await stop.CancelAsync();
            await Task.WhenAll(senders);

            Assert.True(acknowledged.Values.Distinct().Count() == 3, "every node acknowledged sends");
            // Nothing stuck: the dead node's work is taken over once its leases expire.
            try
            {
                await HttpJson.EventuallyAsync(
                    () => TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM messages WHERE direction = 0 AND status <> 4"),
                    pending => pending == 0, TimeSpan.FromSeconds(120));
            }
            catch (TimeoutException)
            {
                var stuck = await TestStorage.QueryAsync(_dataDirectory, """
                    SELECT m.message_id, m.status, m.attempts, m.due_at IS NOT NULL, m.lease_until IS NOT NULL, m.carrier_message_id, u.id IS NOT NULL
                    FROM messages m
                    LEFT JOIN unmatched_receipts u ON u.carrier = m.carrier AND u.carrier_message_id = m.carrier_message_id
                    WHERE m.direction = 0 AND m.status <> 4 LIMIT 5
                    """);
                Assert.Fail($"stuck (id, status, attempts, due, leased, carrier id, unmatched receipt): {string.Join("; ", stuck.Select(r => string.Join(",", r)))}");
            }

            var stored = (await TestStorage.QueryAsync(_dataDirectory, "SELECT message_id, status, attempts FROM messages WHERE direction = 0"))
                .ToDictionary(r => (string)r[0], r => (Status: Convert.ToInt32(r[1], CultureInfo.InvariantCulture), Attempts: Convert.ToInt32(r[2], CultureInfo.InvariantCulture)));
            var lost = acknowledged.Keys.Where(id => !stored.ContainsKey(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged messages are missing");
            Assert.All(stored.Values, m => Assert.Equal(4, m.Status));

            // At the carrier, by message: each stored message once; a second offer only for an in-doubt hand-off of the dead node.
            var offers = (await TestStorage.QueryAsync(_dataDirectory, "SELECT message_id, offers FROM simulator_submissions"))
                .ToDictionary(r => (string)r[0], r => Convert.ToInt32(r[1], CultureInfo.InvariantCulture));
            Assert.Equal(stored.Keys.Order(), offers.Keys.Order());
            var reoffered = offers.Where(o => o.Value > 1).Select(o => o.Key).ToList();
            Assert.All(reoffered, id => Assert.True(stored[id].Attempts > 1, $"{id} was offered {offers[id]} times without an in-doubt takeover"));
            Assert.True(reoffered.Count <= 1_000, $"{reoffered.Count} re-offers: far more than one dispatcher batch");
            // One recorded submit each, its carrier id on the message's row (one-part messages write no message_parts row).
            Assert.Equal(stored.Count, await TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM messages WHERE direction = 0 AND carrier_message_id IS NOT NULL"));
            Assert.Equal(0, await TestStorage.CountAsync(_dataDirectory, "SELECT COUNT(*) FROM message_parts"));

            // Every surviving node answers the same.
            var peers = (await TestStorage.QueryAsync(_dataDirectory, "SELECT peer FROM conversations ORDER BY last_seq DESC, peer LIMIT 3")).Select(r => (string)r[0]);
            foreach (var peer in peers)
            {
                var first = await (await clients[0].GetAsync($"/v1/conversation/{peer}")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                var third = await (await clients[2].GetAsync($"/v1/conversation/{peer}")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.Contains("\"conversation\":[{", first, StringComparison.Ordinal);
                Assert.Equal(first, third);
            }
            var histories = await Task.WhenAll(new[] { clients[0], clients[2] }.Select(async c => await (await c.GetAsync("/v1/message/history?limit=5")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
            Assert.Equal(histories[0], histories[1]);
            TestContext.Current.SendDiagnosticMessage($"acknowledged {acknowledged.Count} (per node: {string.Join(", ", acknowledged.Values.GroupBy(v => v).OrderBy(g => g.Key).Select(g => g.Count()))}), stored {stored.Count}, in-doubt re-offers {reoffered.Count}");
        }
        finally
        {
            foreach (var node in nodes.Where(n => !n.HasExited))
            {
                node.Kill();
                await node.WaitForExitAsync(CancellationToken.None);
            }
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
