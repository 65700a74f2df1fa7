using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// The npm <c>smpp</c> 0.5.1 SMSC of <c>../shared/tools/smsc-sim</c> (<c>node sim.js PORT</c>, HTTP control on PORT+1),
/// a peer nobody here wrote. <c>.ci/run</c> installs it and exports <c>SMSGW_SMSC_SIM</c>; without that variable it is
/// copied and installed here (npm). A missing peer fails the test: it never skips.
/// </summary>
internal sealed class SmscSim : IAsyncDisposable
{
    public const string DirectoryVariable = "SMSGW_SMSC_SIM";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static string? _installed;

    private readonly Process _process;

    private SmscSim(Process process, int port)
    {
        _process = process;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port + 1}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Http { get; }

    public static async Task<SmscSim> StartAsync(IDictionary<string, string>? environment = null)
    {
        var directory = await InstallAsync();
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePortPair();
            var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("sim.js");
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var sim = new SmscSim(process, port);
            try
            {
                await HttpJson.EventuallyAsync(sim.IsUpAsync, up => up || process.HasExited, TimeSpan.FromSeconds(15));
                if (!process.HasExited)
                {
                    return sim;
                }
            }
            catch (TimeoutException) when (attempt < 2)
            {
            }
            await sim.DisposeAsync();
            if (attempt >= 2)
            {
                throw new InvalidOperationException($"node sim.js did not start in {directory}");
            }
        }
    }

    public async Task<JsonElement> StatsAsync() => await (await Http.GetAsync("/stats", TestContext.Current.CancellationToken)).JsonAsync();

    public async Task<List<JsonElement>> MessagesAsync() =>
        [.. (await (await Http.GetAsync("/messages", TestContext.Current.CancellationToken)).JsonAsync()).EnumerateArray()];

    public async Task MoAsync(string from, string to, string text)
    {
        var response = await HttpJson.EventuallyAsync(
            () => Http.PostAsJsonAsync("/mo", new { from, to, text }, TestContext.Current.CancellationToken),
            r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task KickAsync() =>
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsync("/kick", null, TestContext.Current.CancellationToken)).StatusCode);

    public Dictionary<string, string?> GatewaySettings(string name = "npmsmsc") => new()
    {
        ["Smsgw:Smpp:Connections:0:Name"] = name,
        ["Smsgw:Smpp:Connections:0:Host"] = "127.0.0.1",
        ["Smsgw:Smpp:Connections:0:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smsgw:Smpp:Connections:0:SystemId"] = "gw",
        ["Smsgw:Smpp:Connections:0:Password"] = "pw",
        ["Smsgw:Smpp:Connections:0:WindowSize"] = "50",
        ["Smsgw:Smpp:Connections:0:MessageIdFormat"] = "Hex",
        ["Smsgw:Smpp:Connections:0:ReconnectDelay"] = "00:00:00.200",
        ["Smsgw:Carriers:Default"] = name,
        ["Smsgw:Outbound:PollInterval"] = "00:00:00.100",
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
    }

    private async Task<bool> IsUpAsync()
    {
        try
        {
            return (await Http.GetAsync("/stats", TestContext.Current.CancellationToken)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The installed simulator: <c>$SMSGW_SMSC_SIM</c>, or a copy of <c>../shared/tools/smsc-sim</c> with <c>npm install</c> run in it.</summary>
    private static async Task<string> InstallAsync()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            Assert.True(File.Exists(Path.Combine(configured, "node_modules", "smpp", "package.json")),
                $"{DirectoryVariable}={configured} has no node_modules/smpp: run npm install --no-package-lock there (.ci/run does)");
            return configured;
        }
        await InstallLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_installed is not null)
            {
                return _installed;
            }
            var source = Path.Combine(Repository.Root, "..", "shared", "tools", "smsc-sim");
            Assert.True(File.Exists(Path.Combine(source, "sim.js")), $"the SMSC simulator is missing: set {DirectoryVariable} or provide {source} (see tests/interop/smpp/README.md)");
            var target = Directory.CreateTempSubdirectory("smsgw-smsc-sim-").FullName;
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
            (int ExitCode, string Stdout, string Stderr) npm;
            try
            {
                npm = await Repository.RunAsync("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", target], TimeSpan.FromMinutes(2));
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException("node and npm are needed for the SMPP interop tests (.ci/run installs them)", ex);
            }
            Assert.True(npm.ExitCode == 0, $"npm install failed: {npm.Stderr}");
            return _installed = target;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>A port whose next port is free too (SMPP on one, HTTP control on the next).</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= 65535)
            {
                continue;
            }
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free pair of ports");
    }
}
