using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Smsgw.Accounts;

namespace Smsgw.Bench;

/// <summary>The whole gateway, in this process, on a loopback port: what <c>smsgw serve</c> runs.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _disposed;

    private GatewayHost(WebApplication app, Uri baseAddress, TimeSpan startTime)
    {
        _app = app;
        BaseAddress = baseAddress;
        StartTime = startTime;
    }

    public Uri BaseAddress { get; }

    /// <summary>From build to listening (migrations, lease recovery and every hosted service included).</summary>
    public TimeSpan StartTime { get; }

    public IssuedCredentials? DemoCredentials => _app.Services.GetRequiredService<DemoAccount>().Created;

    public static async Task<GatewayHost> StartAsync(string dataDirectory, TimeSpan receiptDelay, bool createDemoAccount, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var started = Stopwatch.GetTimestamp();
        var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0"], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Smsgw:Storage:DataDirectory"] = dataDirectory,
            ["Smsgw:Simulator:ReceiptDelay"] = receiptDelay.ToString("c"),
            ["Smsgw:Api:RateLimitPerSecond"] = "0",
            ["Smsgw:Accounts:CreateDemoAccount"] = createDemoAccount ? "true" : "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
        }));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new GatewayHost(app, address, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Stops the gateway; a second call does nothing (a phase may stop it before its scope ends).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        // The pooled SQLite connections keep the file open; the next phase may delete the directory.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
