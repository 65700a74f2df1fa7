using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Smsgw.Bench;

/// <summary>
/// <c>POST /v1/message/send</c> under a closed-loop load, then the same messages followed to a final status through
/// the dispatcher, the simulator carrier and its receipts. Baselines of the same run: the disk and the store without
/// HTTP (before the gateway starts), then the HTTP ceiling of this host on <c>GET /health</c> (same driver, same gateway).
/// </summary>
internal static class AcceptBench
{
    private const double TargetPerSecond = 10_000;

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        var c = options.Concurrency;
        Console.WriteLine();
        Console.WriteLine($"== accept: {c} closed-loop senders, {options.Warmup.TotalSeconds:F0} s warm-up + {options.Duration.TotalSeconds:F0} s measured, simulator receipt delay {options.ReceiptDelay.TotalMilliseconds:F0} ms");
        Console.WriteLine($"   target (issue): >= {TargetPerSecond:N0} msg/s accepted durably");

        Console.WriteLine("-- baselines without HTTP (fresh SQLite file each, WAL, synchronous=FULL)");
        (double RowsPerSecond, double CommitsPerSecond) raw1, rawBatch;
        using (var dir = new ScratchDirectory("raw1"))
        {
            raw1 = StorageBaselines.RawInsert(dir.Path, 1, options.BaselineDuration);
        }
        Console.WriteLine($"   raw SQLite, 1 message per commit:   {raw1.RowsPerSecond,10:N0} msg/s  ({raw1.CommitsPerSecond:N0} durable commits/s: the fsync rate)");
        using (var dir = new ScratchDirectory("rawbatch"))
        {
            rawBatch = StorageBaselines.RawInsert(dir.Path, c, options.BaselineDuration);
        }
        Console.WriteLine($"   raw SQLite, {c} messages per commit: {rawBatch.RowsPerSecond,10:N0} msg/s  ({rawBatch.CommitsPerSecond:N0} commits/s)");
        (double PerSecond, LatencyStats Latency) storeOnly;
        using (var dir = new ScratchDirectory("store"))
        {
            storeOnly = await StorageBaselines.StoreOnlyAsync(dir.Path, c, options.BaselineDuration);
        }
        Console.WriteLine($"   store only ({c} callers of InsertAcceptedAsync, group commit): {storeOnly.PerSecond,10:N0} msg/s  {storeOnly.Latency}");

        using var data = new ScratchDirectory("accept");
        await using var gateway = await GatewayHost.StartAsync(data.Path, options.ReceiptDelay, createDemoAccount: true);
        var credentials = gateway.DemoCredentials ?? throw new InvalidOperationException("the fresh data directory got no demo account");
        var databasePath = Path.Combine(data.Path, "smsgw.db");
        Console.WriteLine($"-- gateway on {gateway.BaseAddress} (started in {gateway.StartTime.TotalMilliseconds:F0} ms), data {data.Path}");
        using var client = ClosedLoopDriver.CreateClient(gateway.BaseAddress, c);
        var driver = new ClosedLoopDriver(c);

        var health = await driver.RunAsync(client, (_, _) => new HttpRequestMessage(HttpMethod.Get, "/health"), TimeSpan.FromSeconds(1), options.BaselineDuration);
        Console.WriteLine($"   GET /health, same driver (HTTP ceiling): {health.OkPerSecond,10:N0} req/s  {health.Latency}  errors {health.Errors}  cpu {health.CoresBusy:F2} cores");

        var send = SendRequests(credentials.ClientId, credentials.ClientSecret, schedule: null);

        var loadStart = Stopwatch.GetTimestamp();
        StatusCounts? atOpen = null, atClose = null;
        var accept = await driver.RunAsync(client, send, options.Warmup, options.Duration,
            async open =>
            {
                var counts = await Task.Run(() => StatusCounts.Read(databasePath));
                if (open)
                {
                    atOpen = counts;
                }
                else
                {
                    atClose = counts;
                }
            },
            options.Top ? () => TopSnapshot.PrintAsync(Environment.ProcessId) : null);
        var loadEnd = Stopwatch.GetTimestamp();
        Console.WriteLine($"   POST /v1/message/send: {accept.OkPerSecond,10:N0} msg/s accepted (HTTP 200)  {accept.Latency}  errors {accept.Errors}{Kinds(accept)}  cpu {accept.CoresBusy:F2} cores");
        var deliveredInWindow = (atClose!.Final - atOpen!.Final) / options.Duration.TotalSeconds;
        Console.WriteLine($"   reached a final status during the window: {deliveredInWindow,10:N0} msg/s (dispatcher + simulator + receipts, under the accept load)");

        await DrainAsync(() => StatusCounts.Read(databasePath), accept.OkTotal, loadStart, loadEnd, options.DrainTimeout);

        WrkResult? wrkHealth = null, wrkSend = null;
        var wrkDuration = options.BaselineDuration * 2;
        if (options.Wrk && WrkRunner.Find() is { } wrk)
        {
            Console.WriteLine($"-- wrk ({wrk}), 2 threads, {c} connections, {wrkDuration.TotalSeconds:F0} s each");
            wrkHealth = await WrkRunner.RunAsync(wrk, new Uri(gateway.BaseAddress, "/health"), c, wrkDuration, null);
            if (wrkHealth is not null)
            {
                Console.WriteLine($"   wrk GET /health:          {wrkHealth.RequestsPerSecond,10:N0} req/s  p50 {wrkHealth.P50Ms:F2} ms, p99 {wrkHealth.P99Ms:F2} ms");
            }
            var script = WrkRunner.WriteSendScript(data.Path, credentials.ClientId, credentials.ClientSecret);
            wrkSend = await WrkRunner.RunAsync(wrk, new Uri(gateway.BaseAddress, "/v1/message/send"), c, wrkDuration, script);
            if (wrkSend is not null)
            {
                Console.WriteLine($"   wrk POST /v1/message/send: {wrkSend.OkPerSecond(wrkDuration),10:N0} msg/s accepted  p50 {wrkSend.P50Ms:F2} ms, p99 {wrkSend.P99Ms:F2} ms  non-2xx {wrkSend.Non2xx}");
            }
        }
        else
        {
            Console.WriteLine("-- wrk: not on PATH (or --no-wrk); skipped");
        }

        await gateway.DisposeAsync();
        var deferred = await AcceptDeferredAsync(options);

        Console.WriteLine("-- summary (ratios within this run)");
        Console.WriteLine($"   accepted / HTTP ceiling (/health):          {accept.OkPerSecond / health.OkPerSecond,6:P0}");
        Console.WriteLine($"   accepted / store only (no HTTP):            {accept.OkPerSecond / storeOnly.PerSecond,6:P0}");
        Console.WriteLine($"   store only / raw SQLite ({c} per commit):    {storeOnly.PerSecond / rawBatch.RowsPerSecond,6:P0}");
        Console.WriteLine($"   accepted / accepted with dispatch deferred: {accept.OkPerSecond / deferred.OkPerSecond,6:P0}");
        Console.WriteLine($"   final-status rate / accepted, under load:   {deliveredInWindow / accept.OkPerSecond,6:P0}");
        if (wrkSend is not null && wrkHealth is not null)
        {
            Console.WriteLine($"   wrk: accepted / HTTP ceiling:               {wrkSend.OkPerSecond(wrkDuration) / wrkHealth.RequestsPerSecond,6:P0}");
        }
        var best = Math.Max(accept.OkPerSecond, wrkSend?.OkPerSecond(wrkDuration) ?? 0);
        Console.WriteLine($"   target >= {TargetPerSecond:N0} msg/s accepted durably, with delivery running: {Verdict(best)} ({best:N0} msg/s, best of the drivers)");
        Console.WriteLine($"   target >= {TargetPerSecond:N0} msg/s accepted durably, dispatch deferred:   {Verdict(deferred.OkPerSecond)} ({deferred.OkPerSecond:N0} msg/s)");
        return accept.Ok > 0;
    }

    /// <summary>
    /// Diagnostic: the same sends on a fresh gateway, scheduled a day ahead, so during the run the single SQLite writer
    /// serves only the accepts (no lease, simulator, outcome, receipt or event writes beside them).
    /// </summary>
    private static async Task<LoadResult> AcceptDeferredAsync(BenchOptions options)
    {
        using var data = new ScratchDirectory("deferred");
        await using var gateway = await GatewayHost.StartAsync(data.Path, options.ReceiptDelay, createDemoAccount: true);
        var credentials = gateway.DemoCredentials!;
        using var client = ClosedLoopDriver.CreateClient(gateway.BaseAddress, options.Concurrency);
        var tomorrow = DateTime.Now.AddDays(1).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var send = SendRequests(credentials.ClientId, credentials.ClientSecret, tomorrow);
        var result = await new ClosedLoopDriver(options.Concurrency).RunAsync(client, send, options.Warmup, options.BaselineDuration);
        Console.WriteLine($"-- dispatch deferred (same sends with \"date\" a day ahead, fresh gateway, {options.BaselineDuration.TotalSeconds:F0} s)");
        Console.WriteLine($"   POST /v1/message/send: {result.OkPerSecond,10:N0} msg/s accepted (HTTP 200)  {result.Latency}  errors {result.Errors}{Kinds(result)}  cpu {result.CoresBusy:F2} cores");
        return result;
    }

    /// <summary>
    /// Waits (bounded) until every accepted message, warm-up included, has a final status, and prints the drain and
    /// the end-to-end rate: messages / (first send -> last final status). Returns that rate.
    /// </summary>
    internal static async Task<double> DrainAsync(Func<StatusCounts> read, long accepted, long loadStart, long loadEnd, TimeSpan timeout)
    {
        var deadline = loadEnd + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var counts = await Task.Run(read);
        while (counts.Final < accepted && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(1000);
            counts = await Task.Run(read);
        }
        var allFinal = Stopwatch.GetTimestamp();
        var endToEnd = counts.Final / Stopwatch.GetElapsedTime(loadStart, allFinal).TotalSeconds;
        Console.WriteLine($"   accepted in total {accepted:N0} (stored {counts.Total:N0}); final {counts.Final:N0} (delivered {counts.Delivered:N0}), still pending {counts.Pending:N0}"
            + $" after {Stopwatch.GetElapsedTime(loadEnd, allFinal).TotalSeconds:F1} s of drain");
        Console.WriteLine($"   end to end (first send -> last final status): {endToEnd,10:N0} msg/s");
        return endToEnd;
    }

    /// <summary>Send requests over 4,096 prepared bodies (one message to one of the delivered-ending recipients).</summary>
    internal static Func<int, long, HttpRequestMessage> SendRequests(string clientId, string secret, string? schedule, int recipients = 1)
    {
        var date = schedule is null ? "" : $",\"date\":\"{schedule}\"";
        var bodies = Enumerable.Range(0, 4096)
            .Select(i => recipients == 1
                ? $"\"{Recipients.At(i * 24 % Recipients.Pool)}\""
                : "[" + string.Join(',', Enumerable.Range(0, recipients).Select(k => $"\"{Recipients.At(((i * 24) + (k * 97)) % Recipients.Pool)}\"")) + "]")
            .Select(to => Encoding.UTF8.GetBytes($$"""{"message":"{{StorageBaselines.Body}}","to":{{to}},"sender":"MyBrand"{{date}}}"""))
            .ToArray();
        return (worker, n) =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/message/send")
            {
                Content = new ByteArrayContent(bodies[(int)(((n * 64) + worker) % bodies.Length)]),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Client-Id", clientId);
            request.Headers.Add("X-Client-Secret", secret);
            return request;
        };
    }

    private static string Verdict(double perSecond) => perSecond >= TargetPerSecond ? "MET" : "NOT MET";

    internal static string Kinds(LoadResult result) =>
        result.ErrorKinds.Count == 0 ? "" : " (" + string.Join(", ", result.ErrorKinds.Select(kv => $"{kv.Key} x{kv.Value}")) + ")";
}
