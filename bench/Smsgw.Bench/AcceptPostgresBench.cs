using System.Diagnostics;
using Microsoft.Extensions.Options;
using Smsgw.Storage;
using Smsgw.Storage.Postgres;

namespace Smsgw.Bench;

/// <summary>
/// The accept load of <see cref="AcceptBench"/> (same driver, same requests, delivery running) against nodes that are
/// <c>smsgw serve</c> processes: SQLite with one node is the baseline; then PostgreSQL with one node, then several
/// nodes on one database, the load spread round-robin over their ports. Every configuration gets a fresh store.
/// </summary>
internal static class AcceptPostgresBench
{
    private const double TargetOneNode = 0.5;
    private const double TargetScaleOut = 1.0;

    // A fresh node's JIT (tiered compilation, dynamic PGO) is busy at the start of this load: one node's compiler thread
    // took 3 s of CPU in its first 10 s; three nodes, which share the cores, 10.5 s over their first 20 s (per-thread
    // /proc counters). With 15 s of warm-up the three nodes' window still paid for it (PG 3 / PG 1 0.36-0.42 with 8 s,
    // 0.55-0.65 with 45 s), and on a day this VM ran three times slower, 30 s were not enough either: `perf -a` 35-45 s
    // after three nodes started found their compiler threads in 27 % of all samples. The window should see each
    // configuration as it runs for hours, not its start: the warm-up goes on, in rounds of the same load, until the
    // nodes' compiler threads are quiet.
    private static readonly TimeSpan NodeWarmup = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan WarmupRound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxWarmup = TimeSpan.FromSeconds(180);
    private const double QuietJit = 0.03; // of one core, all the nodes' compiler threads together

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        options = options with { WarmupGiven = options.WarmupGiven ?? NodeWarmup };
        var n = options.Nodes;
        var cli = options.Cli ?? GatewayNode.DefaultCliPath;
        Console.WriteLine();
        Console.WriteLine($"== accept-postgres: {options.Concurrency} closed-loop senders{(options.Accounts > 1 ? $" over {options.Accounts} accounts" : "")}, at least {options.Warmup.TotalSeconds:F0} s warm-up (until the nodes' JIT is quiet) + {options.Duration.TotalSeconds:F0} s measured per configuration, "
            + $"simulator receipt delay {options.ReceiptDelay.TotalMilliseconds:F0} ms, {options.Rounds} round(s)");
        Console.WriteLine($"   targets (issue): PostgreSQL 1 node / SQLite 1 node >= {TargetOneNode}; PostgreSQL {n} nodes / PostgreSQL 1 node >= {TargetScaleOut}");
        if (!File.Exists(cli))
        {
            Console.WriteLine($"   {cli} is not built: dotnet build src/Smsgw.Cli -c Release (or give --cli)");
            return false;
        }
        Console.WriteLine($"   nodes: dotnet {cli} serve (built {File.GetLastWriteTimeUtc(cli):yyyy-MM-dd HH:mm}Z), one process each, on this machine's {Environment.ProcessorCount} cores with the driver and PostgreSQL");
        await using var cluster = await PostgresCluster.StartAsync(options.Postgres);
        Console.WriteLine(options.Postgres is null ? $"   postgres: throwaway cluster started with {PostgresCluster.Settings}" : "   postgres: the server given by --postgres");
        Console.WriteLine($"   postgres reports: {await cluster.DescribeAsync()}");

        var idle = new CpuSplit([], null);
        var before = idle.Take();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Console.WriteLine($"   before the run, other work kept {CpuSplit.MachineCores(before, idle.Take()):F2} of {Environment.ProcessorCount} cores busy (2 s sample)");

        var (sqliteStore, postgresStore) = await BaselinesAsync(options, cluster);

        var rounds = new List<(Phase Sqlite, Phase One, Phase Many)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Alternating the order spreads any drift of this shared machine over the configurations.
            Phase sqlite, one, many;
            if (round % 2 == 1)
            {
                sqlite = await RunPhaseAsync(options, cli, round, 1, null);
                one = await RunPhaseAsync(options, cli, round, 1, cluster);
                many = await RunPhaseAsync(options, cli, round, n, cluster);
            }
            else
            {
                many = await RunPhaseAsync(options, cli, round, n, cluster);
                one = await RunPhaseAsync(options, cli, round, 1, cluster);
                sqlite = await RunPhaseAsync(options, cli, round, 1, null);
            }
            rounds.Add((sqlite, one, many));
        }

        Console.WriteLine("-- summary (ratios within this run)");
        Console.WriteLine($"   {"round",5} {"SQLite 1",10} {"PG 1",10} {$"PG {n}",10}  {"PG 1 / SQLite",13} {$"PG {n} / PG 1",12}   msg/s accepted; p50 / p99 ms");
        foreach (var (r, i) in rounds.Select((r, i) => (r, i + 1)))
        {
            Console.WriteLine($"   {i,5} {r.Sqlite.PerSecond,10:N0} {r.One.PerSecond,10:N0} {r.Many.PerSecond,10:N0}  {r.One.PerSecond / r.Sqlite.PerSecond,13:F2} {r.Many.PerSecond / r.One.PerSecond,12:F2}   "
                + $"{r.Sqlite.Latency.Median:F1}/{r.Sqlite.Latency.P99:F1}, {r.One.Latency.Median:F1}/{r.One.Latency.P99:F1}, {r.Many.Latency.Median:F1}/{r.Many.Latency.P99:F1}");
        }
        var oneRatio = Median(rounds.Select(r => r.One.PerSecond / r.Sqlite.PerSecond));
        var scaleRatio = Median(rounds.Select(r => r.Many.PerSecond / r.One.PerSecond));
        var label = rounds.Count > 1 ? "median of the rounds" : "this run";
        Console.WriteLine($"   PostgreSQL 1 node / SQLite 1 node ({label}):        {oneRatio,5:F2}  target >= {TargetOneNode}: {(oneRatio >= TargetOneNode ? "MET" : "NOT MET")}");
        Console.WriteLine($"   PostgreSQL {n} nodes / PostgreSQL 1 node ({label}):  {scaleRatio,5:F2}  target >= {TargetScaleOut}: {(scaleRatio >= TargetScaleOut ? "MET" : "NOT MET")}");
        Console.WriteLine($"   store only, no HTTP: PostgreSQL / SQLite:                {postgresStore / sqliteStore,5:F2}");
        Console.WriteLine($"   PostgreSQL 1 node accepted / PostgreSQL store only:      {Median(rounds.Select(r => r.One.PerSecond)) / postgresStore,5:P0}");
        return rounds.All(r => r.Sqlite.PerSecond > 0 && r.One.PerSecond > 0 && r.Many.PerSecond > 0);
    }

    /// <summary>The two lower layers of a send on each engine, without HTTP or dispatch: what the database allows.</summary>
    private static async Task<(double SqliteStore, double PostgresStore)> BaselinesAsync(BenchOptions options, PostgresCluster cluster)
    {
        var c = options.Concurrency;
        var duration = options.BaselineDuration;
        Console.WriteLine($"-- baselines without HTTP ({duration.TotalSeconds:F0} s each, a fresh SQLite file or PostgreSQL database each)");
        (double RowsPerSecond, double CommitsPerSecond) raw1, rawBatch;
        (double PerSecond, LatencyStats Latency) store;
        using (var dir = new ScratchDirectory("pg-raw1"))
        {
            raw1 = StorageBaselines.RawInsert(dir.Path, 1, duration);
        }
        using (var dir = new ScratchDirectory("pg-rawc"))
        {
            rawBatch = StorageBaselines.RawInsert(dir.Path, c, duration);
        }
        using (var dir = new ScratchDirectory("pg-store"))
        {
            store = await StorageBaselines.StoreOnlyAsync(dir.Path, c, duration);
        }
        Print("SQLite", raw1, rawBatch, store, c);
        var sqliteStore = store.PerSecond;
        await using (var engine = Postgres(await cluster.CreateDatabaseAsync("bench_raw1")))
        {
            raw1 = StorageBaselines.RawInsert(engine, 1, duration);
        }
        await using (var engine = Postgres(await cluster.CreateDatabaseAsync("bench_rawc")))
        {
            rawBatch = StorageBaselines.RawInsert(engine, c, duration);
        }
        await using (var engine = Postgres(await cluster.CreateDatabaseAsync("bench_store")))
        {
            store = await StorageBaselines.StoreOnlyAsync(engine, c, duration);
        }
        Print("PostgreSQL", raw1, rawBatch, store, c);
        var pipelineDatabase = await cluster.CreateDatabaseAsync("bench_pipeline");
        await using (var engine = Postgres(pipelineDatabase))
        {
            engine.Migrate();
        }
        var pipelined = PostgresBaselines.PipelinedInsert(pipelineDatabase, c, duration);
        Console.WriteLine($"   PostgreSQL raw, {c} messages per commit, one statement each, sent together (2 round trips per commit): {pipelined,8:N0} msg/s");
        var roundTrips = PostgresBaselines.RoundTrips(pipelineDatabase, duration);
        Console.WriteLine($"   PostgreSQL round trip (prepared SELECT 1 on one connection, synchronous as the writer runs): {roundTrips,8:N0}/s, {1e6 / roundTrips:F0} µs each");
        return (sqliteStore, store.PerSecond);

        static void Print(string engine, (double Rows, double Commits) raw1, (double Rows, double Commits) rawBatch, (double PerSecond, LatencyStats Latency) store, int c)
        {
            var what = engine == "SQLite" ? "durable commits/s: the fsync rate" : "durable commits/s, each 4 round trips and a WAL fsync";
            Console.WriteLine($"   {engine,-10} raw, 1 message per commit:  {raw1.Rows,8:N0} msg/s ({what})");
            Console.WriteLine($"   {engine,-10} raw, {c} messages per commit: {rawBatch.Rows,8:N0} msg/s ({rawBatch.Commits:N0} commits/s)");
            Console.WriteLine($"   {engine,-10} store only ({c} callers of InsertAcceptedAsync, group commit): {store.PerSecond,8:N0} msg/s  {store.Latency}");
        }
    }

    private static PostgresEngine Postgres(string connectionString) =>
        new(Options.Create(new StorageOptions { Provider = "postgres", ConnectionString = connectionString }));

    private static async Task<Phase> RunPhaseAsync(BenchOptions options, string cli, int round, int nodeCount, PostgresCluster? cluster)
    {
        var name = cluster is null ? "SQLite, 1 node" : $"PostgreSQL, {nodeCount} node{(nodeCount > 1 ? "s" : "")}";
        var database = $"bench_accept_{nodeCount}";
        using var data = new ScratchDirectory("accept-nodes");
        var postgres = cluster is null ? null : await cluster.CreateDatabaseAsync(database);
        var accounts = new List<(string ClientId, string Secret)>();
        for (var i = 0; i < options.Accounts; i++)
        {
            accounts.Add(await GatewayNode.CreateAccountAsync(cli, options.Accounts == 1 ? "bench" : $"bench-{i + 1}", data.Path, postgres));
        }
        var nodes = new List<GatewayNode>();
        try
        {
            var starting = Stopwatch.GetTimestamp();
            for (var i = 0; i < nodeCount; i++)
            {
                nodes.Add(await GatewayNode.StartAsync(cli, data.Path, postgres, options.ReceiptDelay,
                    [.. options.NodeSettings, .. postgres is null || options.WriteConnections is not { } lanes ? Array.Empty<string>() : [$"--Smsgw:Storage:WriteConnections={lanes}"]]));
            }
            Console.WriteLine($"-- round {round}: {name} ({string.Join(", ", nodes.Select(n => n.BaseAddress.Authority))}, started in {Stopwatch.GetElapsedTime(starting).TotalSeconds:F1} s; "
                + $"{(accounts.Count == 1 ? "account" : $"{accounts.Count} accounts")} made by `smsgw accounts create --json`{(postgres is null ? "" : $"; database {database}")}"
                + $"{(postgres is null || options.WriteConnections is null ? "" : $"; {options.WriteConnections} write connections per node")}"
                + $"{(options.NodeSettings.Count == 0 ? "" : $"; {string.Join(' ', options.NodeSettings)}")})");
            return await MeasureAsync(options, nodes, accounts, cluster, postgres, database, Path.Combine(data.Path, "smsgw.db"));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<Phase> MeasureAsync(BenchOptions options, List<GatewayNode> nodes, List<(string ClientId, string Secret)> accounts,
        PostgresCluster? cluster, string? postgres, string database, string sqlitePath)
    {
        StatusCounts Read() => StatusCounts.Read(sqlitePath, postgres);
        var sends = accounts.Select(a => AcceptBench.SendRequests(a.ClientId, a.Secret, schedule: null)).ToArray();
        // Round robin per request, offset by worker, so every node sees an even share at any moment.
        HttpRequestMessage Spread(int worker, long n)
        {
            var request = sends[worker % sends.Length](worker, n);
            request.RequestUri = new Uri(nodes[(int)((worker + n) % nodes.Count)].BaseAddress, request.RequestUri!);
            return request;
        }
        using var client = ClosedLoopDriver.CreateClient(nodes[0].BaseAddress, options.Concurrency);
        var cpu = new CpuSplit([.. nodes.Select(n => n.ProcessId)], cluster?.PostmasterPid);
        CpuSplit.Snapshot cpuOpen = default, cpuClose = default;
        StatusCounts? atOpen = null, atClose = null;
        PostgresActivity? activity = null;
        var loadStart = Stopwatch.GetTimestamp();
        var driver = new ClosedLoopDriver(options.Concurrency);
        var warmedUp = await WarmUpAsync(driver, client, Spread, options.Warmup, [.. nodes.Select(n => n.ProcessId)]);
        try
        {
            var accept = await driver.RunAsync(client, Spread, TimeSpan.FromSeconds(1), options.Duration, async open =>
            {
                if (open)
                {
                    cpuOpen = cpu.Take();
                    atOpen = await Task.Run(Read);
                    activity = cluster is null ? null : await PostgresActivity.StartAsync(cluster.AdminConnectionString, database);
                }
                else
                {
                    cpuClose = cpu.Take();
                    atClose = await Task.Run(Read);
                }
            }, options.Top ? () => TopSnapshot.PrintAsync(nodes[0].ProcessId) : null);
            var loadEnd = Stopwatch.GetTimestamp();
            Console.WriteLine($"   POST /v1/message/send: {accept.OkPerSecond,10:N0} msg/s accepted (HTTP 200)  {accept.Latency}  errors {accept.Errors}{AcceptBench.Kinds(accept)}");
            Console.WriteLine($"   {CpuSplit.Describe(cpuOpen, cpuClose, cluster is not null)}");
            var finalRate = (atClose!.Final - atOpen!.Final) / options.Duration.TotalSeconds;
            Console.WriteLine($"   reached a final status during the window: {finalRate,10:N0} msg/s (dispatcher + simulator + receipts, under the accept load)");
            if (activity is not null)
            {
                await activity.PrintAsync("   ", accept.OkPerSecond);
            }
            await AcceptBench.DrainAsync(Read, warmedUp + accept.OkTotal, loadStart, loadEnd, options.DrainTimeout);
            return new Phase(accept.OkPerSecond, accept.Latency);
        }
        finally
        {
            if (activity is not null)
            {
                await activity.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The load, in rounds, for at least <paramref name="least"/> and until the nodes' compiler threads used under
    /// <see cref="QuietJit"/> of a core over a round (at most <see cref="MaxWarmup"/>); returns the messages it sent.
    /// </summary>
    private static async Task<long> WarmUpAsync(ClosedLoopDriver driver, HttpClient client, Func<int, long, HttpRequestMessage> send, TimeSpan least, int[] nodes)
    {
        var started = Stopwatch.GetTimestamp();
        var sent = 0L;
        double jit;
        do
        {
            var before = CpuSplit.JitSeconds(nodes);
            sent += (await driver.RunAsync(client, send, TimeSpan.Zero, WarmupRound)).OkTotal;
            jit = (CpuSplit.JitSeconds(nodes) - before) / WarmupRound.TotalSeconds;
        }
        while ((Stopwatch.GetElapsedTime(started) < least || jit >= QuietJit) && Stopwatch.GetElapsedTime(started) < MaxWarmup);
        Console.WriteLine($"   warm-up: {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s of the same load ({sent:N0} messages), until the nodes' JIT threads were quiet: "
            + $"{jit:P1} of a core over the last {WarmupRound.TotalSeconds:F0} s (< {QuietJit:P0} wanted{(jit >= QuietJit ? $"; stopped at the {MaxWarmup.TotalSeconds:F0} s bound" : "")})");
        return sent;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Phase(double PerSecond, LatencyStats Latency);
}
