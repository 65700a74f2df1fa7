using System.Globalization;
using System.Runtime.InteropServices;

namespace Smsgw.Bench;

/// <summary>
/// Where the machine's CPU went between two snapshots, from /proc: this process (the load driver), the gateway
/// processes, the PostgreSQL server (the postmaster, its live children, and the children it has reaped), and the
/// whole machine; what is left is the kernel's own threads and anything else running.
/// </summary>
internal sealed class CpuSplit(IReadOnlyList<int> gateways, int? postmaster)
{
    private static readonly double TicksPerSecond = sysconf(2 /* _SC_CLK_TCK */);

    public Snapshot Take()
    {
        var processes = AllProcesses();
        var mine = new HashSet<int>([Environment.ProcessId, .. gateways]);
        if (postmaster is { } pm)
        {
            mine.Add(pm);
            mine.UnionWith(processes.Where(p => p.Value.Parent == pm).Select(p => p.Key));
        }
        return new(
            ProcessTicks(Environment.ProcessId, withReapedChildren: false),
            gateways.Sum(pid => ProcessTicks(pid, withReapedChildren: false)),
            postmaster is { } pid ? ProcessTicks(pid, withReapedChildren: true) + processes.Where(p => p.Value.Parent == pid).Sum(p => p.Value.Ticks) : 0,
            MachineBusyTicks(),
            TimeProvider.System.GetTimestamp(),
            processes.Where(p => !mine.Contains(p.Key)).ToDictionary(p => p.Key, p => (p.Value.Name, p.Value.Ticks)));
    }

    /// <summary>Cores the whole machine kept busy between two snapshots.</summary>
    public static double MachineCores(Snapshot from, Snapshot to) =>
        (to.Machine - from.Machine) / TicksPerSecond / TimeProvider.System.GetElapsedTime(from.At, to.At).TotalSeconds;

    /// <summary>Cores kept busy by each part between two snapshots.</summary>
    public static string Describe(Snapshot from, Snapshot to, bool withPostgres)
    {
        var seconds = TimeProvider.System.GetElapsedTime(from.At, to.At).TotalSeconds;
        double Cores(long ticks) => ticks / TicksPerSecond / seconds;
        var driver = Cores(to.Driver - from.Driver);
        var gateway = Cores(to.Gateways - from.Gateways);
        var postgres = Cores(to.Postgres - from.Postgres);
        var machine = Cores(to.Machine - from.Machine);
        // Other processes that lived through the window, busiest first: on a shared machine they explain a low figure.
        var others = to.Others.Where(p => from.Others.ContainsKey(p.Key))
            .Select(p => (Name: Label(p.Key, p.Value.Name), Cores: Cores(p.Value.Ticks - from.Others[p.Key].Ticks)))
            .Where(p => p.Cores >= 0.05).OrderByDescending(p => p.Cores).Take(3).ToList();
        return $"cpu cores busy: driver {driver:F2}, gateway process(es) {gateway:F2}" + (withPostgres ? $", postgres {postgres:F2}" : "")
            + $", rest {Math.Max(0, machine - driver - gateway - postgres):F2}"
            + (others.Count == 0 ? " (kernel)" : $" (of which {string.Join(", ", others.Select(o => $"{o.Name} {o.Cores:F2}"))})")
            + $"; machine {machine:F2} of {Environment.ProcessorCount}";
    }

    internal readonly record struct Snapshot(long Driver, long Gateways, long Postgres, long Machine, long At, Dictionary<int, (string Name, long Ticks)> Others);

    private static long ProcessTicks(int pid, bool withReapedChildren)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }
        // Fields after "(comm)", from state (3rd in proc(5)): utime is the 14th, stime 15th, cutime 16th, cstime 17th.
        var ticks = OwnTicks(fields);
        return withReapedChildren ? ticks + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : ticks;
    }

    /// <summary>A process as a reader recognises it: the .dll a dotnet process runs, else its command name.</summary>
    private static string Label(int pid, string name)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            var dll = arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal) && !a.Contains("/sdk/", StringComparison.Ordinal))
                ?? arguments.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
            return $"{(dll is null ? name : Path.GetFileNameWithoutExtension(dll))}[{pid}]";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{name}[{pid}]";
        }
    }

    /// <summary>
    /// CPU seconds the processes' tiered-compilation threads (".NET Tiered Com", the JIT recompiling hot methods in the
    /// background) have used so far.
    /// </summary>
    public static double JitSeconds(IEnumerable<int> pids) => pids.Sum(pid =>
    {
        var ticks = 0L;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                    && Stat($"{pid}/task/{tid}") is { Name: ".NET Tiered Com" } stat)
                {
                    ticks += OwnTicks(stat.Fields);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        return ticks / TicksPerSecond;
    });

    /// <summary>Every process: its name, parent and CPU ticks (its own, not its reaped children's).</summary>
    private static Dictionary<int, (string Name, int Parent, long Ticks)> AllProcesses()
    {
        var processes = new Dictionary<int, (string, int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { } stat)
            {
                processes[pid] = (stat.Name, int.Parse(stat.Fields[1], CultureInfo.InvariantCulture),
                    OwnTicks(stat.Fields));
            }
        }
        return processes;
    }

    /// <summary>utime + stime of a stat line's fields (after "(comm)", from state: the 14th and 15th in proc(5)).</summary>
    private static long OwnTicks(string[] fields) =>
        long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);

    private static string[]? StatFields(int pid) => Stat(pid.ToString(CultureInfo.InvariantCulture))?.Fields;

    private static (string Name, string[] Fields)? Stat(int pid) => Stat(pid.ToString(CultureInfo.InvariantCulture));

    /// <summary><c>/proc/{path}/stat</c>: a process (<c>PID</c>) or one of its threads (<c>PID/task/TID</c>).</summary>
    private static (string Name, string[] Fields)? Stat(string path)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{path}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var open = text.IndexOf('(');
            var close = text.LastIndexOf(')');
            return (text[(open + 1)..close], text[(close + 2)..].Split(' '));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended between listing and reading
        }
    }

    private static long MachineBusyTicks()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user already)
        var values = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return values.Sum() - values[3] - values[4];
    }

    [DllImport("libc")]
    private static extern long sysconf(int name);
}
