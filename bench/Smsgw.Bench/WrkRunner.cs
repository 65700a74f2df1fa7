using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Smsgw.Bench;

/// <summary>What wrk printed: requests per second over its run, non-2xx answers, and its latency percentiles.</summary>
internal sealed record WrkResult(double RequestsPerSecond, long Requests, long Non2xx, double P50Ms, double P99Ms)
{
    public double OkPerSecond(TimeSpan duration) => (Requests - Non2xx) / duration.TotalSeconds;
}

/// <summary>
/// wrk (Debian package <c>wrk</c>) as a second, native load generator. Used only when already on PATH: the accept
/// bench installs nothing. It shows how much of the 2 cores the .NET driver itself costs.
/// </summary>
internal static partial class WrkRunner
{
    public static string? Find() => CommandPath.Find("wrk");

    /// <summary>A Lua script sending the bench's send body to random delivered-ending recipients.</summary>
    public static string WriteSendScript(string directory, string clientId, string secret)
    {
        var path = Path.Combine(directory, "send.lua");
        File.WriteAllText(path, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["X-Client-Id"] = "{{clientId}}"
            wrk.headers["X-Client-Secret"] = "{{secret}}"
            request = function()
              local index = math.random(0, {{Recipients.Pool - 1}})
              local number = 32470000000 + math.floor(index / 9990) * 10000 + 10 + (index % 9990)
              return wrk.format(nil, nil, nil, string.format('{"message":"{{StorageBaselines.Body}}","to":"%.0f","sender":"MyBrand"}', number))
            end
            """);
        return path;
    }

    public static async Task<WrkResult?> RunAsync(string wrk, Uri url, int connections, TimeSpan duration, string? script)
    {
        var start = new ProcessStartInfo(wrk)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "30s" })
        {
            start.ArgumentList.Add(arg);
        }
        if (script is not null)
        {
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(script);
        }
        start.ArgumentList.Add(url.ToString());
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            return null;
        }
        var text = await output;
        _ = await errors;
        var rps = RequestsPerSecond().Match(text);
        var total = Requests().Match(text);
        if (!rps.Success || !total.Success)
        {
            Console.WriteLine($"    wrk output not understood:\n{text}");
            return null;
        }
        var non2xx = Non2xx().Match(text);
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Percentile(text, "50%"),
            Percentile(text, "99%"));
    }

    private static double Percentile(string text, string label)
    {
        var match = Regex.Match(text, $@"^\s+{Regex.Escape(label)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            return double.NaN;
        }
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
