using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Smsgw.Tests.Support;

/// <summary>The built <c>smsgw serve</c> as a separate process, for tests that kill it or run several nodes.</summary>
internal static class GatewayProcess
{
    public static string CliPath
    {
        get
        {
            var build = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var cli = Path.Combine(Repository.Root, "src", "Smsgw.Cli", "bin", build, "net10.0", "Smsgw.Cli.dll");
            Assert.True(File.Exists(cli), $"{cli} is not built: build the solution (dotnet test smsgw.slnx does)");
            return cli;
        }
    }

    /// <summary>Starts <c>smsgw serve</c> on 127.0.0.1:<paramref name="port"/> over this run's store for <paramref name="dataDirectory"/>.</summary>
    public static async Task<Process> StartAsync(int port, string dataDirectory, params IEnumerable<string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        IEnumerable<string> arguments = [CliPath, "serve", "--urls", $"http://127.0.0.1:{port}", .. await TestStorage.CliArgumentsAsync(dataDirectory), "--Logging:LogLevel:Default=Warning", .. settings];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitHealthyAsync(HttpClient client, Process server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, $"smsgw serve exited with code {(server.HasExited ? server.ExitCode : 0)}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException("smsgw serve did not become healthy");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
