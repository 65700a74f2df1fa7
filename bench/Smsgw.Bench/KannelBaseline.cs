using System.Text.Json;

namespace Smsgw.Bench;

/// <summary>What one run of <c>kannel-baseline.sh</c> measured of Kannel with its file store.</summary>
internal sealed record KannelFigures(double AcceptedPerSecond, double DeliveredPerSecond, double SubmittedDuringLoad, bool AllDelivered, bool ReceiptsCameBack);

/// <summary>
/// Kannel 1.4.5 measured the same way as the gateway, on this machine and in this run: the team's
/// <c>/work/shared/tools/kannel-baseline/kannel-baseline.sh</c> (wrk → smsbox sendsms with a DLR URL → bearerbox →
/// SMPP → the same smsc-sim), one run with the file store. <c>kannel</c> and <c>wrk</c> are installed with apt first
/// when missing: the script's own install also asks for Debian's <c>nodejs</c> and <c>npm</c>, which apt refuses on a
/// machine whose Node.js did not come from Debian ("held broken packages"). Its published figures (2,000–2,800 msg/s) came from this VM on another
/// day; this VM's speed moves by a factor of three between days, so only a figure of the same run is a baseline.
/// </summary>
internal static class KannelBaseline
{
    private const string Script = "/work/shared/tools/kannel-baseline/kannel-baseline.sh";

    /// <summary>Null when the script is missing or failed (its reason is printed).</summary>
    public static async Task<KannelFigures?> MeasureAsync(string simDirectory, string scratch, TimeSpan duration, TimeSpan receiptDelay, int window)
    {
        if (!File.Exists(Script))
        {
            Console.WriteLine($"   {Script} is missing: Kannel not measured");
            return null;
        }
        if (new[] { "bearerbox", "smsbox", "wrk" }.Any(command => CommandPath.Find(command) is null))
        {
            Console.WriteLine("   installing kannel and wrk (apt-get)");
            var install = await SmscSimulator.RunAsync("bash", ["-c", "apt-get update -qq && apt-get install -y -qq kannel wrk"], scratch,
                TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
            if (install.Code != 0)
            {
                Console.WriteLine($"   apt-get install kannel wrk failed ({install.Code}): {string.Join(" | ", install.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(3))}");
                return null;
            }
        }
        var environment = new Dictionary<string, string>
        {
            ["SIM_DIR"] = simDirectory,
            ["KB_TMP"] = scratch,
            ["RUNS"] = "1",
            ["STORE_TYPES"] = "file",
            ["DURATION"] = ((int)duration.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DLR_MS"] = ((int)receiptDelay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WINDOW"] = window.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The sink's ceiling is measured by this bench already; the fsync trace is a fact about Kannel, not a figure.
            ["SKIP_BLAST"] = "1",
            ["SKIP_STRACE"] = "1",
            ["QUIET_WAIT"] = "10",
            // Ports the OS hands out now, not the script's fixed defaults: a connection of this run (the gateway's, the
            // HTTP driver's) may hold one of those as its local port, and the sim then failed to listen (EADDRINUSE).
            ["SIM_PORT"] = Port(FreePorts.Pair()),
            ["BOX_PORT"] = Port(FreePorts.One()),
            ["SENDSMS_PORT"] = Port(FreePorts.One()),
            ["ADMIN_PORT"] = Port(FreePorts.One()),
            ["DLR_PORT"] = Port(FreePorts.One()),
        };
        var (code, output, error) = await SmscSimulator.RunAsync("bash", [Script], scratch, duration + TimeSpan.FromMinutes(8), environment);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || line is null)
        {
            var tail = string.Join(" | ", error.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(5));
            Console.WriteLine($"   kannel-baseline.sh failed ({code}): {tail}");
            return null;
        }
        using var document = JsonDocument.Parse(line);
        var file = document.RootElement.GetProperty("kannel").GetProperty("file");
        static double Median(JsonElement figure) => figure.GetProperty("median").GetDouble();
        return new KannelFigures(
            Median(file.GetProperty("http_accepted_rps")),
            Median(file.GetProperty("sim_rps_until_drained")),
            Median(file.GetProperty("sim_rps_during_wrk")),
            file.GetProperty("all_delivered").GetBoolean(),
            file.GetProperty("dlrs_came_back").GetBoolean());
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
