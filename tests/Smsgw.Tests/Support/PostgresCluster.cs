using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace Smsgw.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's server binaries, started the way ../shared/DEPENDENCIES.md shows,
/// in a fresh temp directory, listening on 127.0.0.1 only; stopped and deleted when the test process exits.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string DirectoryPrefix = "smsgw-pg-";
    private const string OwnerFile = "owner.pid";
    private const int StartAttempts = 5;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgresUser;
    private readonly bool _durableCommits;

    private PostgresCluster(string bin, string root, bool asPostgresUser, bool durableCommits = false)
    {
        _bin = bin;
        _root = root;
        _asPostgresUser = asPostgresUser;
        _durableCommits = durableCommits;
    }

    public int Port { get; private set; }

    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
    }.ConnectionString;

    private string DataDirectory => Path.Combine(_root, "data");
    private string LogFile => Path.Combine(_root, "server.log");

    /// <param name="durableCommits">
    /// Commits wait until their WAL has left the server's memory (synchronous_commit=on), as on a real server; fsync
    /// stays off, so only a crash of the server's processes, not of the machine, is survivable: what crash tests make.
    /// </param>
    public static async Task<PostgresCluster> StartAsync(bool durableCommits = false)
    {
        var bin = FindBinaries();
        // PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user, as anyone else to us.
        var asPostgresUser = Environment.UserName == "root" || geteuid() == 0;
        await ReapOrphansAsync(bin, asPostgresUser);

        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        // Who owns the cluster, so a later run can stop and delete it if this process dies without ProcessExit.
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var cluster = new PostgresCluster(bin, root, asPostgresUser, durableCommits);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Destroy();
        if (asPostgresUser)
        {
            await cluster.RunOrThrowAsync("chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }
        // --locale: independent of the machine's LANG (an ungenerated locale fails initdb); --no-sync: tests only.
        await cluster.RunOrThrowAsync(
            Path.Combine(bin, "initdb"),
            ["-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    private async Task StartServerAsync()
    {
        var failures = new List<string>();
        for (var attempt = 1; attempt <= StartAttempts; attempt++)
        {
            // The port is free when we look; another process may take it before the server binds, hence the retries.
            var port = FreePort();
            // fsync, synchronous_commit and full_page_writes off trade crash safety for speed: a test cluster only.
            // Many test classes each hold a pool of their own database, hence max_connections.
            var options = $"-p {port} -c listen_addresses=127.0.0.1 -k '{_root}' "
                + $"-c fsync=off -c synchronous_commit={(_durableCommits ? "on" : "off")} -c full_page_writes=off -c max_connections=300"
                // A crash test's server writes WAL only when the test does (autovacuum would flush it at other times).
                + (_durableCommits ? " -c autovacuum=off" : "");
            var start = await RunAsync(
                Path.Combine(_bin, "pg_ctl"),
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
            if (start.ExitCode == 0)
            {
                Port = port;
                return;
            }
            failures.Add($"attempt {attempt} on port {port}: {start.Describe()}");
            // A server that came up after pg_ctl stopped waiting would hold the data directory for the next attempt.
            await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        throw new InvalidOperationException(
            $"PostgreSQL test cluster in {_root} did not start:\n{string.Join('\n', failures)}\nserver.log ends with:\n{LogTail()}");
    }

    /// <summary>
    /// Stops the WAL writer (SIGSTOP): WAL then leaves the server's memory only when a backend writes it itself,
    /// as a commit that waits for its flush does.
    /// </summary>
    public async Task FreezeWalWriterAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE backend_type = 'walwriter'", connection);
        var pid = (int)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("no walwriter process"));
        Signal(pid, SignalStop);
    }

    /// <summary>
    /// Kills the postmaster and every process it started (SIGKILL), waits until they are gone and removes the lock
    /// file: what was only in shared memory is lost. Nothing happens when no server of this directory runs.
    /// </summary>
    public void Crash()
    {
        var lockFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(lockFile)
            || !int.TryParse(File.ReadLines(lockFile).FirstOrDefault()?.Trim(), CultureInfo.InvariantCulture, out var postmaster)
            || !IsPostgres(postmaster))
        {
            return;
        }
        // Stopped first, so it neither forks a new child while its children are listed nor restarts them as it
        // would after one child's crash.
        Signal(postmaster, SignalStop);
        var processes = Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster)
            .Append(postmaster)
            .ToList();
        foreach (var pid in processes)
        {
            Signal(pid, SignalKill);
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (processes.Any(pid => Directory.Exists($"/proc/{pid}")) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
        File.Delete(lockFile);
    }

    private static bool IsPostgres(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("postgres", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Starts the server again on its data directory (after <see cref="Crash"/>: crash recovery), maybe on another port.</summary>
    public Task RestartAsync() => StartServerAsync();

    public ValueTask DisposeAsync()
    {
        try
        {
            // A frozen WAL writer would never obey the stop Destroy asks for.
            Crash();
        }
        finally
        {
            Destroy();
        }
        return ValueTask.CompletedTask;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after its last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return 0; // gone already
        }
    }

    private static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0 && Marshal.GetLastPInvokeError() != 3) // ESRCH: it has exited already
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private const int SignalKill = 9;
    private const int SignalStop = 19;

    /// <summary>Stops the server at once (its data is thrown away) and deletes the directory; never throws.</summary>
    private void Destroy()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            }
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort: whatever is left is reaped by a later run (ReapOrphansAsync).
        }
    }

    private static string FindBinaries()
    {
        var newest = (Directory.Exists(BinariesRoot) ? Directory.GetDirectories(BinariesRoot) : [])
            .Select(d => (Version: decimal.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
            .Where(c => c.Version >= 0 && File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
            .OrderByDescending(c => c.Version)
            .FirstOrDefault();
        return newest.Bin ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries not found in {BinariesRoot}/*/bin: install the Debian package `postgresql` "
            + $"(.ci/run does) or set {PostgresServer.EnvironmentVariable} to the admin connection string of a running server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string LogTail()
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogFile).TakeLast(20));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    private static async Task ReapOrphansAsync(string bin, bool asPostgresUser)
    {
        // A test process killed outright (a hang timeout, SIGKILL) never runs ProcessExit: its server would keep
        // running and its directory stay. Clusters whose owner process is gone are stopped and deleted here.
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var owner = Path.Combine(root, OwnerFile);
            if (!File.Exists(owner) || OwnerIsAlive(owner))
            {
                continue;
            }
            var orphan = new PostgresCluster(bin, root, asPostgresUser);
            orphan.Destroy();
        }
    }

    private static bool OwnerIsAlive(string ownerFile)
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(ownerFile).Trim(), CultureInfo.InvariantCulture);
            using var process = Process.GetProcessById(pid);
            // A process started after the file was written only reuses the pid.
            return process.StartTime.ToUniversalTime() <= File.GetLastWriteTimeUtc(ownerFile).AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Unreadable or unexpected: leave it alone rather than stop a cluster that may still be in use.
            return true;
        }
    }

    private async Task RunOrThrowAsync(string file, IReadOnlyList<string> arguments, bool? asPostgres = null)
    {
        var result = await RunAsync(file, arguments, asPostgres);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"PostgreSQL test cluster in {_root}: {result.Describe()}");
        }
    }

    /// <summary>Runs a command (as the postgres user when we are root), in the cluster directory so the postgres
    /// user never needs access to our working directory.</summary>
    private async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, bool? asPostgres = null)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var command = new List<string>();
        if (asPostgres ?? _asPostgresUser)
        {
            // runuser lives in sbin, which a non-login PATH may lack.
            command.AddRange([File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser", "-u", "postgres", "--"]);
        }
        command.Add(file);
        command.AddRange(arguments);
        info.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        var line = string.Join(' ', command);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"`{line}` did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(line, -1, "", e.Message);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(CommandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return new CommandResult(line, -1, "", $"timed out after {CommandTimeout.TotalSeconds:0} s");
            }
            return new CommandResult(line, process.ExitCode, await stdout, await stderr);
        }
    }

    private sealed record CommandResult(string Command, int ExitCode, string Stdout, string Stderr)
    {
        public string Describe() => $"`{Command}` exited with {ExitCode}: {Stderr.Trim()} {Stdout.Trim()}".TrimEnd();
    }

    // Environment.UserName can be empty or a number where the uid has no passwd entry (containers).
    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
