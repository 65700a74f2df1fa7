using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Smsgw.Bench;

/// <summary>What <c>GET /stats</c> of smsc-sim answered.</summary>
internal sealed record SimStats(long Binds, long Bound, long Submits, long Stored, double Seconds);

/// <summary>
/// <c>/work/shared/tools/smsc-sim</c> (an SMSC on the npm <c>smpp</c> package) as a child process on 127.0.0.1:
/// <c>node sim.js PORT</c>, HTTP control on PORT+1. The folder comes from <c>SMSGW_SMSC_SIM</c> when that holds an
/// installed copy; otherwise the shared folder is copied to a scratch directory and <c>npm install</c>ed there.
/// </summary>
internal sealed class SmscSimulator : IAsyncDisposable
{
    private const string SharedSource = "/work/shared/tools/smsc-sim";
    private readonly Process _process;
    private readonly HttpClient _http;

    /// <summary>CPU the sim's process has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    private SmscSimulator(Process process, int port)
    {
        _process = process;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 1}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    /// <summary>A directory holding sim.js, blast.js and node_modules/smpp, installing one into <paramref name="scratch"/> if needed.</summary>
    public static async Task<string> LocateAsync(string scratch)
    {
        var configured = Environment.GetEnvironmentVariable("SMSGW_SMSC_SIM");
        if (!string.IsNullOrEmpty(configured) && Installed(configured))
        {
            return configured;
        }
        var target = Path.Combine(scratch, "smsc-sim");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(SharedSource))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
        var (code, _, error) = await RunAsync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund"], target, TimeSpan.FromMinutes(3));
        if (code != 0 || !Installed(target))
        {
            throw new InvalidOperationException($"npm install in {target} failed ({code}): {error}");
        }
        return target;
    }

    private static bool Installed(string directory) =>
        File.Exists(Path.Combine(directory, "sim.js")) && Directory.Exists(Path.Combine(directory, "node_modules", "smpp"));

    /// <summary>Starts <c>node sim.js</c> on a free port pair and waits (bounded) until its HTTP control answers.</summary>
    public static async Task<SmscSimulator> StartAsync(string directory, TimeSpan receiptDelay)
    {
        var port = FreePorts.Pair();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("sim.js");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.Environment["DLR_MS"] = ((int)receiptDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"   [sim] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sim = new SmscSimulator(process, port);
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                await sim.StatsAsync();
                return sim;
            }
            catch (HttpRequestException) when (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task<SimStats> StatsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync("/stats"));
        var root = document.RootElement;
        return new SimStats(root.GetProperty("binds").GetInt64(), root.GetProperty("bound").GetInt64(), root.GetProperty("submits").GetInt64(),
            root.GetProperty("stored").GetInt64(), root.GetProperty("seconds").GetDouble());
    }

    public async Task ResetAsync() => (await _http.PostAsync("/reset", null)).EnsureSuccessStatusCode();

    /// <summary>Waits (bounded) until at least one session is bound.</summary>
    public async Task<bool> WaitBoundAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if ((await StatsAsync()).Bound > 0)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary><c>node blast.js PORT WINDOW SECONDS</c>: the sink's raw submit ceiling (submits per second), or null.</summary>
    public async Task<(long Done, double Rate)?> BlastAsync(string directory, int window, TimeSpan duration)
    {
        var (code, output, error) = await RunAsync("node",
            ["blast.js", Port.ToString(CultureInfo.InvariantCulture), window.ToString(CultureInfo.InvariantCulture), ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)],
            directory, duration + TimeSpan.FromSeconds(30));
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || line is null)
        {
            Console.Error.WriteLine($"   blast.js failed ({code}): {error}");
            return null;
        }
        using var document = JsonDocument.Parse(line);
        return (document.RootElement.GetProperty("done").GetInt64(), document.RootElement.GetProperty("rate").GetDouble());
    }

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>), its output captured.</summary>
    internal static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] arguments, string directory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, await output, $"timed out after {timeout.TotalSeconds:F0} s; " + await error);
        }
        return (process.ExitCode, await output, await error);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cancel.Token);
        }
        _process.Dispose();
    }
}
