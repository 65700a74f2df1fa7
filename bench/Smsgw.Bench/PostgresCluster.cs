using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace Smsgw.Bench;

/// <summary>
/// A throwaway PostgreSQL server from Debian's binaries (../shared/DEPENDENCIES.md), configured as a production server
/// would be for durable accepts: fsync, synchronous_commit and full_page_writes on. Stopped and deleted on dispose or
/// at process exit; one left by a killed bench is reaped by the next run. <c>--postgres</c> names a running server instead.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    // What the bench states beside its figures; initdb's own --no-sync only skips syncing the files of the empty cluster.
    // pg_stat_statements (common in production too) counts the statements a gateway sends per message.
    public const string Settings = "-c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_buffers=256MB "
        + "-c max_connections=200 -c max_wal_size=4GB -c maintenance_work_mem=1GB -c shared_preload_libraries=pg_stat_statements";

    private const string Prefix = "smsgw-bench-pg-";
    private const string OwnerFile = "owner.pid";

    private readonly string? _root;
    private readonly string _bin;

    private PostgresCluster(string adminConnectionString, string? root, string bin)
    {
        AdminConnectionString = adminConnectionString;
        _root = root;
        _bin = bin;
    }

    public string AdminConnectionString { get; }

    /// <summary>The postmaster's pid when this process started the server (its children are the server's CPU).</summary>
    public int? PostmasterPid { get; private set; }

    public static async Task<PostgresCluster> StartAsync(string? existing)
    {
        if (existing is not null)
        {
            return new PostgresCluster(existing, null, "");
        }
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (Debian package postgresql), and no --postgres given");
        }
        foreach (var orphan in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*").Where(IsOrphan))
        {
            await new PostgresCluster("", orphan, bin).DisposeAsync();
        }
        var root = Directory.CreateTempSubdirectory(Prefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var port = FreePorts.One();
        var cluster = new PostgresCluster($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Timeout=30", root, bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (IsRoot)
        {
            await RunAsync(root, "chown", ["-R", "postgres:postgres", root], asPostgres: false);
        }
        var data = Path.Combine(root, "data");
        await RunAsync(root, Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        await RunAsync(root, Path.Combine(bin, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k '{root}' {Settings}", "start"]);
        cluster.PostmasterPid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync();
        await using var extension = new NpgsqlCommand("CREATE EXTENSION pg_stat_statements", connection);
        await extension.ExecuteNonQueryAsync();
        return cluster;
    }

    /// <summary>A new empty database; its connection string carries the gateway's defaults otherwise.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        // A database made again by a later round: idle pooled connections to the old one would be dead.
        NpgsqlConnection.ClearAllPools();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            // Identifiers cannot be parameters; the names are the bench's own constants.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The server's settings that decide the figures, as it reports them.</summary>
    public async Task<string> DescribeAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY ord)
            FROM unnest(ARRAY['server_version', 'fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers',
                'max_wal_size', 'max_connections', 'wal_level']) WITH ORDINALITY AS s(name, ord)
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_root is null || !Directory.Exists(_root))
        {
            return;
        }
        var data = Path.Combine(_root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            await RunAsync(_root, Path.Combine(_bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], check: false);
        }
        Directory.Delete(_root, recursive: true);
    }

    private static bool IsOrphan(string root)
    {
        try
        {
            var pid = int.Parse(File.ReadAllText(Path.Combine(root, OwnerFile)).Trim(), CultureInfo.InvariantCulture);
            using var owner = Process.GetProcessById(pid);
            return owner.StartTime.ToUniversalTime() > File.GetLastWriteTimeUtc(Path.Combine(root, OwnerFile)).AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    // PostgreSQL refuses to run as root: as root, the server runs as the postgres user.
    private static bool IsRoot => geteuid() == 0;

    private static async Task RunAsync(string root, string file, IReadOnlyList<string> arguments, bool asPostgres = true, bool check = true)
    {
        var info = new ProcessStartInfo { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        IEnumerable<string> command = asPostgres && IsRoot ? ["/usr/sbin/runuser", "-u", "postgres", "--", file, .. arguments] : [file, .. arguments];
        info.FileName = command.First();
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{string.Join(' ', command)}` exited with {process.ExitCode}: {await stderr} {await stdout}");
        }
    }

    [DllImport("libc")]
    private static extern uint geteuid();
}
