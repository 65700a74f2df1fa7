using System.Diagnostics;
using Npgsql;

namespace Smsgw.Bench;

/// <summary>
/// What PostgreSQL did during a window. Every 50 ms it samples <c>pg_stat_activity</c> of the database: what each
/// gateway connection is doing — running (no wait event), waiting (a lock, the WAL fsync, …), or idle inside a
/// transaction, i.e. waiting for its gateway to send the next statement. Around the window it reads the database's
/// commit count and the server's WAL counters (<c>pg_stat_wal</c>: one WAL sync is one fsync).
/// </summary>
internal sealed class PostgresActivity : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _counts = [];
    private readonly string _adminConnectionString;
    private readonly string _database;
    private Task? _loop;
    private Counters _start;
    private long _samples;

    private PostgresActivity(string adminConnectionString, string database)
    {
        _adminConnectionString = adminConnectionString;
        _database = database;
    }

    public static async Task<PostgresActivity> StartAsync(string adminConnectionString, string database)
    {
        var activity = new PostgresActivity(adminConnectionString, database);
        await activity.StatementsAsync("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = @db), 0)::text, ''");
        activity._start = await activity.ReadCountersAsync();
        activity._loop = Task.Run(() => activity.SampleAsync(activity._stop.Token));
        return activity;
    }

    /// <summary>
    /// Stops sampling and prints the rates, the statements per accepted message and the busiest statements (when
    /// pg_stat_statements is loaded), and the states by the average number of sessions in them.
    /// </summary>
    public async Task PrintAsync(string indent, double acceptedPerSecond)
    {
        await StopAsync();
        var end = await ReadCountersAsync();
        var seconds = Stopwatch.GetElapsedTime(_start.At, end.At).TotalSeconds;
        Console.WriteLine($"{indent}postgres: {(end.Commits - _start.Commits) / seconds:N0} commits/s in the database, "
            + $"{(end.WalSyncs - _start.WalSyncs) / seconds:N0} WAL syncs (fsyncs)/s, {(end.WalBytes - _start.WalBytes) / seconds / 1e6:F1} MB/s of WAL");
        var statements = await StatementsAsync("""
            SELECT format('%s calls, %s ms', calls, round(total_exec_time::numeric, 0)), left(regexp_replace(query, '\s+', ' ', 'g'), 90)
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = @db)
            UNION ALL
            SELECT format('%s calls, %s ms', coalesce(sum(calls), 0), round(coalesce(sum(total_exec_time), 0)::numeric, 0)), 'all'
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = @db)
            """);
        if (statements.Count > 0)
        {
            var all = statements[^1].Value.Split(' ');
            var calls = double.Parse(all[0], System.Globalization.CultureInfo.InvariantCulture);
            var milliseconds = double.Parse(all[2], System.Globalization.CultureInfo.InvariantCulture);
            Console.WriteLine($"{indent}pg_stat_statements: {calls / seconds:N0} statements/s, {calls / seconds / acceptedPerSecond:F1} per accepted message; "
                + $"mean execution {milliseconds * 1000 / Math.Max(1, calls):F0} µs; the most called, then the longest in total:");
            long Field(string value, int index) => long.Parse(value.Split(' ')[index], System.Globalization.CultureInfo.InvariantCulture);
            var mostCalled = statements.SkipLast(1).OrderByDescending(s => Field(s.Value, 0)).Take(6).ToList();
            var longest = statements.SkipLast(1).OrderByDescending(s => Field(s.Value, 2)).Where(s => !mostCalled.Contains(s)).Take(4);
            foreach (var (value, query) in mostCalled.Concat(longest))
            {
                Console.WriteLine($"{indent}  {value,-24} {query}");
            }
        }
        Console.WriteLine($"{indent}pg_stat_activity, {_samples} samples 50 ms apart: average sessions per state (waits as type:event)");
        foreach (var (state, count) in _counts.OrderByDescending(kv => kv.Value).Take(12))
        {
            Console.WriteLine($"{indent}  {(double)count / Math.Max(1, _samples),6:F2}  {state}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(stop);
        await using var command = new NpgsqlCommand("""
            SELECT CASE WHEN state = 'active' AND wait_event_type = 'Lock' THEN wait_event_type || ':' || wait_event
                            || ', ' || left(regexp_replace(query, '\s+', ' ', 'g'), 28) || ' waits on '
                            || coalesce((SELECT b.state || ' ' || left(regexp_replace(b.query, '\s+', ' ', 'g'), 28)
                                         FROM pg_stat_activity b WHERE b.pid = (pg_blocking_pids(a.pid))[1]), '?')
                        WHEN state = 'active' THEN coalesce(wait_event_type || ':' || wait_event, 'running (no wait event)')
                        ELSE state || ' (waiting for the gateway)' END, count(*)
            FROM pg_stat_activity a
            WHERE datname = @db AND backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()
            GROUP BY 1
            """, connection);
        command.Parameters.AddWithValue("db", _database);
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var reader = await command.ExecuteReaderAsync(stop);
                while (await reader.ReadAsync(stop))
                {
                    var key = reader.GetString(0);
                    _counts[key] = _counts.GetValueOrDefault(key) + reader.GetInt64(1);
                }
                _samples++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Rows of (value, text) from pg_stat_statements; none when the server has not loaded it.</summary>
    private async Task<List<(string Value, string Text)>> StatementsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("db", _database);
        var rows = new List<(string, string)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedFunction or PostgresErrorCodes.ObjectNotInPrerequisiteState)
        {
            rows.Clear();
        }
        return rows;
    }

    private async Task<Counters> ReadCountersAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        // Statistics are cached per transaction; a fresh connection reads the current values.
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = @db), wal_sync, wal_bytes::bigint FROM pg_stat_wal
            """, connection);
        command.Parameters.AddWithValue("db", _database);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Counters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), Stopwatch.GetTimestamp());
    }

    private readonly record struct Counters(long Commits, long WalSyncs, long WalBytes, long At);
}
