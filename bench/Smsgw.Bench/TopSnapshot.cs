using System.Diagnostics;

namespace Smsgw.Bench;

/// <summary>One <c>top -H</c> snapshot of this process's busiest threads, when top exists (procps).</summary>
internal static class TopSnapshot
{
    public static async Task PrintAsync(int processId)
    {
        try
        {
            var start = new ProcessStartInfo("top") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-H", "-b", "-n", "2", "-d", "1", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }
            using var top = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var text = await top.StandardOutput.ReadToEndAsync(timeout.Token);
            await top.WaitForExitAsync(timeout.Token);
            // The second frame measures over its 1 s delay; print its header line and the 12 busiest threads.
            var frame = text[(text.LastIndexOf("top -", StringComparison.Ordinal) is var i and >= 0 ? i : 0)..];
            var lines = frame.Split('\n');
            var header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("PID", StringComparison.Ordinal));
            Console.WriteLine("   top -H (1 s, mid-window):");
            foreach (var line in lines.Skip(2).Take(1).Concat(lines.Skip(header).Take(13)))
            {
                Console.WriteLine("     " + line);
            }
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            Console.WriteLine($"   top -H unavailable: {ex.Message}");
        }
    }
}
