using System.Diagnostics;
using System.Text.Json;

namespace Smsgw.Bench;

/// <summary>
/// Deep pages cost what the first one does: page 1 against a deep page of <c>GET /v1/conversation/{phone}</c> on a
/// big store, over HTTP through the whole gateway, interleaved so both see the same machine state. Page 1 is the
/// baseline of its own run; the history and inbox lists are measured the same way.
/// </summary>
internal static class ConversationBench
{
    private const int Limit = 1000;
    private const double TargetRatio = 1.2;
    private const int WarmupRequests = 10;

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        var directory = options.Store ?? Path.Combine(Path.GetTempPath(), $"smsgw-bench-conv-{options.Messages}");
        var conversationSize = Math.Min(options.ConversationSize, options.Messages * 6 / 10);
        Console.WriteLine();
        Console.WriteLine($"== conversation: store {directory}");
        var store = BenchStore.Load(directory);
        var reused = store is not null;
        if (store is null)
        {
            if (File.Exists(Path.Combine(directory, "smsgw.db")))
            {
                Console.WriteLine("   that directory holds a smsgw.db the bench did not make; choose another --store");
                return false;
            }
            Console.WriteLine($"-- generating {options.Messages:N0} messages, one conversation of {conversationSize:N0}");
            store = StoreGenerator.Generate(directory, options.Messages, conversationSize);
        }
        else
        {
            Console.WriteLine($"-- reusing the store ({store.Messages:N0} messages, generated in {store.GenerationTime.TotalSeconds:F1} s)");
        }
        var scratch = new ScratchDirectory("conv", directory) { Keep = options.Keep || reused };
        try
        {
            var size = new DirectoryInfo(directory).EnumerateFiles().Sum(f => f.Length);
            Console.WriteLine($"   generation time {store.GenerationTime.TotalSeconds:F1} s ({store.Messages / store.GenerationTime.TotalSeconds:N0} msg/s), store {size / 1e9:F2} GB on disk");
            foreach (var line in StoreGenerator.Verify(store))
            {
                Console.WriteLine($"   {line}");
            }
            return await MeasureAsync(options, store);
        }
        finally
        {
            scratch.Dispose();
            Console.WriteLine(scratch.Keep ? $"   store kept at {directory}" : "   store deleted");
        }
    }

    /// <summary>Starts the gateway on the store (<paramref name="settings"/> name another engine) and measures its pages.</summary>
    internal static async Task<bool> MeasureAsync(BenchOptions options, BenchStore store, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await using var gateway = await GatewayHost.StartAsync(store.Directory, TimeSpan.FromSeconds(1), createDemoAccount: false, settings);
        Console.WriteLine($"-- gateway on {gateway.BaseAddress}, started in {gateway.StartTime.TotalSeconds:F2} s on this store (migrations check; on SQLite also lease recovery)");
        using var client = ClosedLoopDriver.CreateClient(gateway.BaseAddress, 1);
        client.DefaultRequestHeaders.Add("X-Client-Id", store.ClientId);
        client.DefaultRequestHeaders.Add("X-Client-Secret", store.Secret);

        var lists = new List<(string Name, string Path, long Total)>
        {
            ("conversation", $"/v1/conversation/{store.BigPeer}", store.BigConversation),
            ("history", "/v1/message/history", store.AccountOutbound),
            ("inbox", "/v1/message/inbox", store.AccountInbound),
        };
        var targets = new List<Target>();
        foreach (var (name, path, total) in lists)
        {
            var deep = (int)Math.Min(options.DeepPage, total / Limit);
            if (deep < 2)
            {
                Console.WriteLine($"   {name}: only {total:N0} messages, no deep page to compare");
                continue;
            }
            targets.Add(new Target(name, 1, $"{path}?limit={Limit}&page=1", total));
            targets.Add(new Target(name, deep, $"{path}?limit={Limit}&page={deep}", total));
        }
        foreach (var target in targets)
        {
            for (var i = 0; i < WarmupRequests; i++)
            {
                await target.RequestAsync(client, record: false, check: i == 0);
            }
        }
        var started = Stopwatch.GetTimestamp();
        for (var r = 0; r < options.Repetitions; r++)
        {
            // Interleaved, the order flipped every round, so neither page profits from what the other left in a cache.
            var round = r % 2 == 0 ? targets : Enumerable.Reverse(targets);
            foreach (var target in round)
            {
                await target.RequestAsync(client, record: true, check: false);
            }
        }
        Console.WriteLine($"-- {options.Repetitions} requests per page, one connection, interleaved ({Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s)");
        Console.WriteLine($"   {"list",-13} {"page",5} {"median ms",10} {"p99 ms",9} {"max ms",9} {"KB",7}");
        foreach (var target in targets)
        {
            var stats = new LatencyStats(target.Ticks);
            Console.WriteLine($"   {target.Name,-13} {target.Page,5} {stats.Median,10:F2} {stats.P99,9:F2} {stats.Max,9:F2} {target.Bytes / 1024.0,7:F0}");
        }
        foreach (var pair in targets.Chunk(2))
        {
            var first = new LatencyStats(pair[0].Ticks);
            var deep = new LatencyStats(pair[1].Ticks);
            var ratio = deep.Median / first.Median;
            var isConversation = pair[0].Name == "conversation";
            Console.WriteLine($"   {pair[0].Name}: page {pair[1].Page} / page 1 = {ratio:F2} (median), {deep.P99 / first.P99:F2} (p99)"
                + (isConversation ? $"  target <= {TargetRatio}: {(ratio <= TargetRatio ? "MET" : "NOT MET")}" : ""));
        }
        // A missed target is reported above, not a failure of the run.
        return targets.All(t => t.Ticks.Count == options.Repetitions);
    }

    private sealed class Target(string name, int page, string url, long total)
    {
        public string Name => name;
        public int Page => page;
        public List<long> Ticks { get; } = [];
        public long Bytes { get; private set; }

        public async Task RequestAsync(HttpClient client, bool record, bool check)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetTimestamp() - sent;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
            }
            Bytes = body.Length;
            if (check)
            {
                using var document = JsonDocument.Parse(body);
                var shown = document.RootElement.GetProperty("shown").GetInt32();
                var reported = document.RootElement.GetProperty("total").GetInt64();
                if (shown != Limit || reported != total)
                {
                    throw new InvalidOperationException($"{url}: shown {shown}, total {reported}; expected {Limit} of {total}");
                }
            }
            if (record)
            {
                Ticks.Add(elapsed);
            }
        }
    }
}
