using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Smsgw.Bench;

/// <summary>
/// Sends through a real SMPP carrier: the gateway bound to smsc-sim (npm <c>smpp</c>) with one transceiver session,
/// under the closed-loop HTTP load, every message followed to its receipt. Baseline of the same run: the sink's raw
/// ceiling, <c>blast.js</c> (one ESME, the same window) against a fresh sim. Reference: Kannel's published
/// 2,000–2,800 msg/s on this machine on another day, and Kannel measured in this run through the same sink (<see cref="KannelBaseline"/>).
/// </summary>
internal static class SmppBench
{
    private const double KannelLow = 2_000;
    private const double KannelHigh = 2_800;
    private const double CeilingTarget = 0.80;
    private const double KannelTarget = 3.0;

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        var c = options.Concurrency;
        Console.WriteLine();
        Console.WriteLine($"== smpp: gateway -> smsc-sim over SMPP (window {options.Window}), {c} closed-loop senders of {options.Recipients} recipient(s) per request, {options.PipelineWarmup.TotalSeconds:F0} s pipeline warm-up, then {options.Warmup.TotalSeconds:F0} s warm-up + {options.Duration.TotalSeconds:F0} s measured, receipt delay {options.ReceiptDelay.TotalMilliseconds:F0} ms");
        Console.WriteLine($"   targets: end to end >= {CeilingTarget:P0} of the sink's raw ceiling (blast.js), >= {KannelTarget:F0}x Kannel (measured in this run{(options.Kannel ? "" : $": skipped, so against its published {KannelLow:N0}-{KannelHigh:N0} msg/s")})");
        using var scratch = new ScratchDirectory("smpp");
        var simDirectory = await SmscSimulator.LocateAsync(scratch.Path);
        Console.WriteLine($"-- smsc-sim from {simDirectory}");

        // (a) the sink's ceiling: a raw ESME, no gateway. Measured again after the gateway's run (this VM's speed drifts
        // by ±15 % within minutes); the higher of the two is the ceiling, so the ratios are the conservative ones.
        async Task<(long Done, double Rate)?> BlastAsync(string when)
        {
            await using var sim = await SmscSimulator.StartAsync(simDirectory, options.ReceiptDelay);
            var simCpu = sim.ProcessorTime;
            var result = await sim.BlastAsync(simDirectory, options.Window, options.Duration);
            simCpu = sim.ProcessorTime - simCpu;
            var stats = await sim.StatsAsync();
            // The sim's own CPU per submit here and in the gateway's run (printed there) shows whether the VM ran at the
            // same speed for both: its speed moves by a third within minutes, and a ceiling measured in a fast minute
            // sets a bar the run in a slow one cannot reach (and the other way round).
            Console.WriteLine(result is { } b
                ? $"   blast.js {when}, 1 session, window {options.Window}, {options.Duration.TotalSeconds:F0} s: {b.Rate,10:N0} submit/s  ({b.Done:N0} submits; sim counted {stats.Submits:N0}; sim {simCpu.TotalMicroseconds / Math.Max(1, stats.Submits):F0} us a submit, {simCpu / options.Duration:F2} cores)"
                : $"   blast.js {when}: no figure");
            return result;
        }
        var blastBefore = await BlastAsync("before");

        // (b) the gateway on a fresh sim (new process: no receipts held for blast, a fresh node heap), counters reset.
        await using var simulator = await SmscSimulator.StartAsync(simDirectory, options.ReceiptDelay);
        await simulator.ResetAsync();
        var data = Path.Combine(scratch.Path, "gateway");
        Directory.CreateDirectory(data);
        var settings = new Dictionary<string, string?>
        {
            ["Smsgw:Smpp:Connections:0:Name"] = "smsc-sim",
            ["Smsgw:Smpp:Connections:0:Host"] = "127.0.0.1",
            ["Smsgw:Smpp:Connections:0:Port"] = simulator.Port.ToString(CultureInfo.InvariantCulture),
            ["Smsgw:Smpp:Connections:0:SystemId"] = "smsgw",
            ["Smsgw:Smpp:Connections:0:Password"] = "bench",
            ["Smsgw:Smpp:Connections:0:WindowSize"] = options.Window.ToString(CultureInfo.InvariantCulture),
            ["Smsgw:Smpp:Connections:0:ReconnectDelay"] = "00:00:00.100",
            ["Smsgw:Carriers:Default"] = "smsc-sim",
            // A receipt that overtakes its submit_sm_resp is parked in unmatched_receipts and matched when the resp is
            // stored; its Warning per receipt would flood the console at these rates. The count is printed instead.
            ["Logging:LogLevel:Smsgw.Inbound.DeliveryReceiptProcessor"] = "Error",
        };
        await using var gateway = await GatewayHost.StartAsync(data, options.ReceiptDelay, createDemoAccount: true, settings);
        var credentials = gateway.DemoCredentials ?? throw new InvalidOperationException("the fresh data directory got no demo account");
        var databasePath = Path.Combine(data, "smsgw.db");
        if (!await simulator.WaitBoundAsync(TimeSpan.FromSeconds(15)))
        {
            Console.WriteLine("   the gateway did not bind to the sim within 15 s");
            return false;
        }
        Console.WriteLine($"-- gateway on {gateway.BaseAddress} (started in {gateway.StartTime.TotalMilliseconds:F0} ms), bound to sim on 127.0.0.1:{simulator.Port}");

        using var client = ClosedLoopDriver.CreateClient(gateway.BaseAddress, c);
        var driver = new ClosedLoopDriver(c);
        var perRequest = options.Recipients;
        var send = AcceptBench.SendRequests(credentials.ClientId, credentials.ClientSecret, schedule: null, perRequest);

        // (c) a pass through the whole pipeline first, followed to its last receipt and not counted: a fresh process's
        // tiered JIT took half a core through the first ~15 s of this load (per-thread /proc counters), which a gateway
        // that runs for days never pays again.
        var warm = new StatusCounts(0, 0, 0);
        long warmSubmits = 0;
        if (options.PipelineWarmup > TimeSpan.Zero)
        {
            var warmLoad = await driver.RunAsync(client, send, TimeSpan.Zero, options.PipelineWarmup);
            var warmStart = Stopwatch.GetTimestamp();
            var warmDeadline = warmStart + (long)(options.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
            while (((warm = StatusCounts.Read(databasePath)).Final < warmLoad.OkTotal * perRequest || Unmatched(databasePath) > 0) && Stopwatch.GetTimestamp() < warmDeadline)
            {
                await Task.Delay(500);
            }
            warmSubmits = (await simulator.StatsAsync()).Submits;
            Console.WriteLine($"   pipeline warm-up (not counted below): {warmLoad.OkTotal * perRequest:N0} messages sent in {options.PipelineWarmup.TotalSeconds:F0} s, {warm.Delivered:N0} DELIVERED after {Stopwatch.GetElapsedTime(warmStart).TotalSeconds:F1} s more");
        }
        var loadStart = Stopwatch.GetTimestamp();
        var costAtStart = RunCost.Take(simulator);
        (StatusCounts Counts, SimStats Sim)? atOpen = null, atClose = null;
        var accept = await driver.RunAsync(client, send, options.Warmup, options.Duration, async open =>
        {
            var sample = (await Task.Run(() => StatusCounts.Read(databasePath)), await simulator.StatsAsync());
            if (open)
            {
                atOpen = sample;
            }
            else
            {
                atClose = sample;
            }
        });
        var loadEnd = Stopwatch.GetTimestamp();
        var simAtLoadEnd = await simulator.StatsAsync();
        var seconds = options.Duration.TotalSeconds;
        var submittedInWindow = (atClose!.Value.Sim.Submits - atOpen!.Value.Sim.Submits) / seconds;
        var deliveredInWindow = (atClose.Value.Counts.Delivered - atOpen.Value.Counts.Delivered) / seconds;
        var acceptedTotal = accept.OkTotal * perRequest;
        Console.WriteLine($"   POST /v1/message/send ({perRequest} recipient{(perRequest == 1 ? "" : "s")} each): {accept.OkPerSecond * perRequest,10:N0} msg/s accepted (HTTP 200)  {accept.Latency}  errors {accept.Errors}{AcceptBench.Kinds(accept)}  cpu {accept.CoresBusy:F2} cores (gateway + driver; the sim is another process)");
        Console.WriteLine($"   submit_sm taken by the sim during the window: {submittedInWindow,10:N0} msg/s");
        Console.WriteLine($"   DELIVERED (receipt applied) during the window: {deliveredInWindow,10:N0} msg/s");
        Console.WriteLine($"   unmatched_receipts as the window closed: {Unmatched(databasePath):N0} (receipts that overtook their submit_sm_resp, waiting to be matched)");

        // Every accepted message (warm-up included) must reach a final status, and every receipt must find its message.
        var drainDeadline = loadEnd + (long)(options.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        var counts = StatusCounts.Read(databasePath);
        var unmatched = Unmatched(databasePath);
        long? allSubmittedAt = null;
        while ((counts.Final - warm.Final < acceptedTotal || unmatched > 0) && Stopwatch.GetTimestamp() < drainDeadline)
        {
            await Task.Delay(200);
            if (allSubmittedAt is null && (await simulator.StatsAsync()).Submits - warmSubmits >= acceptedTotal)
            {
                allSubmittedAt = Stopwatch.GetTimestamp();
            }
            // Counting statuses scans every message (a sort of 700,000 rows at the end of a bulk run, ~0.1 s of CPU in
            // this process): done only once the sim has every submit, so the backlog runs without the bench's own load.
            if (allSubmittedAt is not null)
            {
                counts = StatusCounts.Read(databasePath);
                unmatched = Unmatched(databasePath);
            }
        }
        var allFinal = Stopwatch.GetTimestamp();
        var cost = RunCost.Take(simulator) - costAtStart;
        var simAfter = await simulator.StatsAsync();
        var span = Stopwatch.GetElapsedTime(loadStart, allFinal).TotalSeconds;
        var endToEnd = (counts.Delivered - warm.Delivered) / span;
        Console.WriteLine($"   accepted in total {acceptedTotal:N0} (stored {counts.Total - warm.Total:N0}); sim took {simAfter.Submits - warmSubmits:N0} submits;"
            + $" final {counts.Final - warm.Final:N0}, delivered {counts.Delivered - warm.Delivered:N0}, pending {counts.Pending:N0} after {Stopwatch.GetElapsedTime(loadEnd, allFinal).TotalSeconds:F1} s of drain");
        if (allSubmittedAt is { } submittedAt && simAfter.Submits > simAtLoadEnd.Submits)
        {
            var drainSubmits = (simAfter.Submits - simAtLoadEnd.Submits) / Stopwatch.GetElapsedTime(loadEnd, submittedAt).TotalSeconds;
            Console.WriteLine($"   submit_sm taken by the sim after the load stopped (backlog, no HTTP): {drainSubmits,10:N0} msg/s ({simAfter.Submits - simAtLoadEnd.Submits:N0} submits; 200 ms polling)");
        }
        Console.WriteLine($"   unmatched_receipts: {unmatched:N0} {(unmatched == 0 ? "(every receipt matched)" : "(NOT all matched)")}");
        Console.WriteLine($"   end to end (first send -> last DELIVERED, {span:F1} s): {endToEnd,10:N0} msg/s");
        var delivered = Math.Max(1, counts.Delivered - warm.Delivered);
        Console.WriteLine($"   cpu per message over that span: gateway + driver {cost.Process.TotalMicroseconds / delivered:F0} us, sim {cost.Sim.TotalMicroseconds / delivered:F0} us;"
            + $" collections gen0 {cost.Gen0:N0}, gen1 {cost.Gen1:N0}, gen2 {cost.Gen2:N0}, paused {cost.Paused.TotalSeconds:F1} s ({cost.Paused.TotalSeconds / span:P0} of the span); {cost.Allocated / delivered / 1024.0:F1} KB allocated per message");
        var lastFull = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Console.WriteLine($"   heap after the last collection {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB; the last full collection paused {lastFull.PauseDurations[0].TotalMilliseconds:F0} ms over a heap of {lastFull.HeapSizeBytes / 1e6:F0} MB; resident {StatusMegabytes("VmRSS")} MB now, {StatusMegabytes("VmHWM")} MB at most");

        var blastAfter = await BlastAsync("after (the gateway idle)");
        var blast = blastBefore is { } before && blastAfter is { } after ? (before.Rate >= after.Rate ? before : after) : blastBefore ?? blastAfter;

        // (d) Kannel through the same sink, the same way, on the machine as it is now (kannel-baseline.sh).
        KannelFigures? kannel = null;
        if (options.Kannel)
        {
            Console.WriteLine($"-- Kannel 1.4.5 (kannel-baseline.sh: wrk -> smsbox sendsms, 1 message per request, DLR URL -> bearerbox, file store -> SMPP window {options.Window} -> a fresh smsc-sim; {options.Duration.TotalSeconds:F0} s)");
            kannel = await KannelBaseline.MeasureAsync(simDirectory, scratch.Path, options.Duration, options.ReceiptDelay, options.Window);
            if (kannel is { } k)
            {
                Console.WriteLine($"   accepted {k.AcceptedPerSecond,10:N0} msg/s (HTTP 2xx); submit_sm during the load {k.SubmittedDuringLoad,10:N0} msg/s; "
                    + $"delivered to the sim until drained {k.DeliveredPerSecond,10:N0} msg/s; all delivered {k.AllDelivered}, every DLR back {k.ReceiptsCameBack}");
            }
        }

        Console.WriteLine("-- summary (ratios within this run)");
        if (blast is { } ceiling)
        {
            Console.WriteLine($"   sink ceiling (blast.js, higher of the two):    {ceiling.Rate,10:N0} submit/s");
            Console.WriteLine($"   submitted during window / ceiling:             {submittedInWindow / ceiling.Rate,6:P0}");
            Console.WriteLine($"   delivered during window / ceiling:             {deliveredInWindow / ceiling.Rate,6:P0}");
            Console.WriteLine($"   end to end / ceiling:                          {endToEnd / ceiling.Rate,6:P0}  target >= {CeilingTarget:P0}: {(endToEnd >= CeilingTarget * ceiling.Rate ? "MET" : "NOT MET")}");
        }
        if (kannel is { } measured)
        {
            Console.WriteLine($"   Kannel, measured in this run (until drained):  {measured.DeliveredPerSecond,10:N0} msg/s");
            Console.WriteLine($"   end to end / Kannel (this run):                {endToEnd / measured.DeliveredPerSecond,6:F2}x  target >= {KannelTarget:F0}x: {(endToEnd >= KannelTarget * measured.DeliveredPerSecond ? "MET" : "NOT MET")}");
            Console.WriteLine($"   delivered during window / Kannel during load:  {deliveredInWindow / measured.SubmittedDuringLoad,6:F2}x");
        }
        Console.WriteLine($"   end to end / Kannel published ({KannelHigh:N0} .. {KannelLow:N0} msg/s, another day): {endToEnd / KannelHigh:F2}x .. {endToEnd / KannelLow:F2}x{(kannel is null ? $"  target >= {KannelTarget:F0}x: {(endToEnd >= KannelTarget * KannelHigh ? "MET" : endToEnd >= KannelTarget * KannelLow ? "MET against 2,000 only" : "NOT MET")}" : "")}");
        return accept.Ok > 0 && counts.Pending == 0 && unmatched == 0;
    }

    /// <summary>What this process (the gateway and the driver) and the sim have spent so far: CPU, collections, allocations.</summary>
    private readonly record struct RunCost(TimeSpan Process, TimeSpan Sim, int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
    {
        public static RunCost Take(SmscSimulator simulator) => new(
            System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime, simulator.ProcessorTime,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

        public static RunCost operator -(RunCost a, RunCost b) => new(a.Process - b.Process, a.Sim - b.Sim,
            a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);
    }

    /// <summary>A size from /proc/self/status (VmRSS: resident now, VmHWM: the most so far), in MB.</summary>
    private static long StatusMegabytes(string field) =>
        File.ReadLines("/proc/self/status").Where(line => line.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();

    private static long Unmatched(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM unmatched_receipts";
        return (long)command.ExecuteScalar()!;
    }
}
