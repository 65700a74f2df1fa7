using System.Diagnostics;
using System.Globalization;
using Smsgw.TestSmsc;

namespace Smsgw.Bench;

/// <summary>
/// How close the gateway comes to an SMSC's enforced rate, and that throttling neither loses nor duplicates a message:
/// the gateway sends through the test SMSC (the library's SMSC role, in this process), which answers every submit over
/// its rate with <c>ESME_RTHROTTLED</c>; the gateway's connection is left at its defaults (no configured rate, a
/// throttled answer holds the connection for its ThrottleDelay, 1 s). Baseline of the same run: the same SMSC with no
/// limit. Each configuration gets a fresh store and SMSC and the same load (a burst of sends for a few seconds, so the
/// backlog is the same), followed until every message is final.
/// </summary>
internal static class SmppThrottleBench
{
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(3);

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine($"== smpp-throttle: gateway -> test SMSC (in process, window {options.Window}), {options.Concurrency} closed-loop senders of {options.Recipients} recipient(s) per request for {Burst.TotalSeconds:F0} s, "
            + $"then until every message is final; the SMSC limited to {options.SmscRate:N0} submits/s against no limit");
        var free = await RunOneAsync(options, FakeSmscBehaviour.Happy with { KeepAccepted = false }, "no limit (baseline)");
        var limited = await RunOneAsync(options, new FakeSmscBehaviour { MaxSubmitsPerSecond = options.SmscRate, KeepAccepted = false }, $"limited to {options.SmscRate:N0}/s");
        if (free is null || limited is null)
        {
            return false;
        }
        Console.WriteLine($"   limited: end to end / the SMSC's rate:           {limited.Value / options.SmscRate,5:P0}");
        Console.WriteLine($"   limited / no limit:                             {limited.Value / free.Value,5:P0}");
        return true;
    }

    /// <returns>End-to-end msg/s, or null when a message was lost, taken twice or not final in time.</returns>
    private static async Task<double?> RunOneAsync(BenchOptions options, FakeSmscBehaviour behaviour, string label)
    {
        using var scratch = new ScratchDirectory("smpp-throttle");
        await using var smsc = new FakeSmsc(behaviour);
        var settings = smsc.GatewaySettings("test-smsc");
        settings.Remove("Smsgw:Smpp:Connections:0:ThrottleDelay");
        settings["Smsgw:Smpp:Connections:0:WindowSize"] = options.Window.ToString(CultureInfo.InvariantCulture);
        // Receipts that overtake their submit_sm_resp's record are parked and matched later; a Warning each would flood
        // the console at these rates.
        settings["Logging:LogLevel:Smsgw.Inbound.DeliveryReceiptProcessor"] = "Error";
        await using var gateway = await GatewayHost.StartAsync(scratch.Path, options.ReceiptDelay, createDemoAccount: true, settings);
        var credentials = gateway.DemoCredentials ?? throw new InvalidOperationException("the fresh data directory got no demo account");
        var databasePath = Path.Combine(scratch.Path, "smsgw.db");

        using var client = ClosedLoopDriver.CreateClient(gateway.BaseAddress, options.Concurrency);
        var send = AcceptBench.SendRequests(credentials.ClientId, credentials.ClientSecret, schedule: null, options.Recipients);
        var start = Stopwatch.GetTimestamp();
        var load = await new ClosedLoopDriver(options.Concurrency).RunAsync(client, send, TimeSpan.Zero, Burst);
        var sent = load.OkTotal * options.Recipients;
        var deadline = Stopwatch.GetTimestamp() + (long)(options.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        var counts = StatusCounts.Read(databasePath);
        while (counts.Final < sent && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(200);
            counts = StatusCounts.Read(databasePath);
        }
        var span = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var rate = counts.Delivered / span;
        var refused = smsc.Submits - smsc.AcceptedCount;
        var allDelivered = counts.Delivered == sent;
        var takenOnce = smsc.AcceptedCount == counts.Delivered;
        Console.WriteLine($"   {label}: {sent:N0} sent ({load.Errors} errors), {counts.Delivered:N0} DELIVERED, pending {counts.Pending:N0}; the SMSC took {smsc.AcceptedCount:N0} submits "
            + $"and answered {refused:N0} ESME_RTHROTTLED ({refused / (double)Math.Max(1, smsc.Submits):P1} of its submits)");
        Console.WriteLine($"   {label}: end to end (first send -> last DELIVERED, {span:F1} s): {rate,10:N0} msg/s;  "
            + $"{(allDelivered ? "every message DELIVERED" : "NOT every message DELIVERED")}, {(takenOnce ? "each taken by the SMSC once" : "SMSC took a different count than DELIVERED")}");
        return allDelivered && takenOnce ? rate : null;
    }
}
