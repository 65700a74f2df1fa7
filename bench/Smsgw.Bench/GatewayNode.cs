using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Smsgw.Bench;

/// <summary>
/// <c>smsgw serve</c> as its own process, the way an operator runs a node: the Release build of the CLI
/// (<c>dotnet build src/Smsgw.Cli -c Release</c>), on a loopback port, over SQLite in <c>--data</c> or over <c>--postgres</c>.
/// </summary>
internal sealed class GatewayNode : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private GatewayNode(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static string DefaultCliPath => Path.Combine(RepositoryRoot(), "src", "Smsgw.Cli", "bin", "Release", "net10.0", "Smsgw.Cli.dll");

    public static async Task<GatewayNode> StartAsync(string cli, string dataDirectory, string? postgres, TimeSpan receiptDelay, IReadOnlyList<string> settings)
    {
        var port = FreePorts.One();
        var process = Start(cli, ["serve", "--urls", $"http://127.0.0.1:{port}", .. Store(dataDirectory, postgres),
            $"--Smsgw:Simulator:ReceiptDelay={receiptDelay:c}", "--Smsgw:Api:RateLimitPerSecond=0", "--Smsgw:Accounts:CreateDemoAccount=false",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft=Warning", .. settings]);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"   [node :{port}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new GatewayNode(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        await node.DisposeAsync();
        throw new InvalidOperationException($"smsgw serve on port {port} did not become healthy" + (process.HasExited ? $" (exited with {process.ExitCode})" : ""));
    }

    /// <summary><c>smsgw accounts create NAME --json</c>: the operator path, before any node starts.</summary>
    public static async Task<(string ClientId, string Secret)> CreateAccountAsync(string cli, string name, string dataDirectory, string? postgres)
    {
        using var process = Start(cli, ["accounts", "create", name, "--json", .. Store(dataDirectory, postgres)]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"smsgw accounts create exited with {process.ExitCode}: {await stderr}");
        }
        using var json = JsonDocument.Parse(await stdout);
        return (json.RootElement.GetProperty("clientId").GetString()!, json.RootElement.GetProperty("clientSecret").GetString()!);
    }

    /// <summary>SIGTERM (the graceful stop smsgw serve handles), then a kill after 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private static string[] Store(string dataDirectory, string? postgres) =>
        postgres is null ? ["--data", dataDirectory] : ["--data", dataDirectory, "--postgres", postgres];

    private static Process Start(string cli, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "smsgw.slnx")))
            {
                return directory.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
