using System.Diagnostics;
using System.Net;

namespace Smsgw.Bench;

/// <summary>What one closed-loop run saw inside its measured window (and the 200s outside it).</summary>
internal sealed record LoadResult(TimeSpan Window, long Ok, long Errors, LatencyStats Latency, long OkTotal, TimeSpan CpuTime,
    IReadOnlyDictionary<string, long> ErrorKinds)
{
    public double OkPerSecond => Ok / Window.TotalSeconds;

    /// <summary>Cores this whole process (driver and gateway) kept busy during the window.</summary>
    public double CoresBusy => CpuTime / Window;
}

/// <summary>
/// A bounded closed loop: <c>concurrency</c> workers each send one request, wait for its whole answer and send the
/// next, for a warm-up and then a measured window. A request counts in the window when it completes inside it.
/// </summary>
internal sealed class ClosedLoopDriver(int concurrency)
{
    public static HttpClient CreateClient(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <param name="makeRequest">Builds a worker's next request from (worker index, request number).</param>
    /// <param name="atWindowEdges">Called once as the window opens and once as it closes (e.g. to sample the store).</param>
    public async Task<LoadResult> RunAsync(HttpClient client, Func<int, long, HttpRequestMessage> makeRequest, TimeSpan warmup, TimeSpan duration,
        Func<bool, Task>? atWindowEdges = null, Func<Task>? atMiddle = null)
    {
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Worker[concurrency];
        var tasks = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var worker = workers[w] = new Worker();
            var index = w;
            tasks[w] = Task.Run(() => worker.RunAsync(client, n => makeRequest(index, n), windowStart, windowEnd));
        }
        var process = Process.GetCurrentProcess();
        await WaitUntil(windowStart);
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        if (atWindowEdges is not null)
        {
            await atWindowEdges(true);
        }
        if (atMiddle is not null)
        {
            await WaitUntil(windowStart + ((windowEnd - windowStart) / 2));
            await atMiddle();
        }
        await WaitUntil(windowEnd);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;
        if (atWindowEdges is not null)
        {
            await atWindowEdges(false);
        }
        await Task.WhenAll(tasks);
        var errorKinds = workers.SelectMany(w => w.ErrorKinds).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        return new LoadResult(duration, workers.Sum(w => w.Ok), workers.Sum(w => w.Errors), new LatencyStats(workers.SelectMany(w => w.Latencies)),
            workers.Sum(w => w.OkTotal), cpu, errorKinds);
    }

    private static async Task WaitUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(100_000);
        public Dictionary<string, long> ErrorKinds { get; } = [];
        public long Ok { get; private set; }
        public long Errors { get; private set; }
        public long OkTotal { get; private set; }

        public async Task RunAsync(HttpClient client, Func<long, HttpRequestMessage> makeRequest, long windowStart, long windowEnd)
        {
            for (long n = 0; Stopwatch.GetTimestamp() < windowEnd; n++)
            {
                var sent = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var request = makeRequest(n);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    error = response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    error = ex.GetType().Name;
                }
                var done = Stopwatch.GetTimestamp();
                if (error is null)
                {
                    OkTotal++;
                }
                if (done < windowStart || done >= windowEnd)
                {
                    continue;
                }
                if (error is null)
                {
                    Ok++;
                    Latencies.Add(done - sent);
                }
                else
                {
                    Errors++;
                    ErrorKinds[error] = ErrorKinds.GetValueOrDefault(error) + 1;
                }
            }
        }
    }
}
