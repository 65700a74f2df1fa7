using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using Smsgw.Storage.Sql;

namespace Smsgw.Storage.Postgres;

/// <summary>
/// PostgreSQL: several gateway nodes share one database. Leases skip rows other nodes hold (FOR UPDATE SKIP LOCKED),
/// migrations run under an advisory lock so nodes may start together, and no node ends another's leases.
/// </summary>
internal sealed class PostgresEngine : SqlEngine, IAsyncDisposable, IDisposable
{
    // An arbitrary constant: the advisory lock every starting node takes while it migrates.
    private const long MigrationLockKey = 0x736d7367_77000001;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresEngine(IOptions<StorageOptions> options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        // Statements the stores repeat are prepared once per physical connection.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }
        // Connections return to the pool as they were: the stores set no session state, and their advisory locks
        // end with each transaction. Saves the reset's round trip on every read.
        builder.NoResetOnClose = true;
        Location = $"postgres://{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override string Provider => "postgres";

    public override string Location { get; }

    public override bool SingleNode => false;

    public override bool WritableCtes => true;

    public override bool ReusesCommands => false;

    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override string RandomHexId => "md5(random()::text || clock_timestamp()::text)";

    protected override string MigrationsFolder => "Postgres";

    public NpgsqlDataSource DataSource => _dataSource;

    public override DbConnection OpenConnection() => _dataSource.OpenConnection();

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override DbTransaction BeginSnapshot(DbConnection connection) => BeginRepeatableRead(connection);

    public override string InIds(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object Ids(IReadOnlyList<long> ids) => ids as long[] ?? [.. ids];

    public override string Rows(RowSet rows) =>
        $"unnest({string.Join(", ", rows.Columns.Select((c, i) => $"CAST(@{rows.Name}_{i} AS {TypeName(c.Type)}[])"))}) AS {rows.Name}({string.Join(", ", rows.Columns.Select(c => c.Name))})";

    public override void BindRows(DbCommand command, RowSet rows)
    {
        for (var i = 0; i < rows.Columns.Count; i++)
        {
            command.With($"@{rows.Name}_{i}", rows.Columns[i].Type switch
            {
                RowColumn.Int64 => rows.Rows.Select(r => (long?)r[i]).ToArray(),
                RowColumn.Int32 => rows.Rows.Select(r => (int?)r[i]).ToArray(),
                _ => (object)rows.Rows.Select(r => (string?)r[i]).ToArray(),
            });
        }
    }

    private static string TypeName(RowColumn type) => type switch
    {
        RowColumn.Int64 => "bigint",
        RowColumn.Int32 => "integer",
        _ => "text",
    };

    public override string? LockKey(string keyParameter) => $"SELECT pg_advisory_xact_lock(hashtextextended({keyParameter}, 0))";

    // Local to the statement's own transaction: the connection goes back to the pool with the server's setting.
    public override string? CommitWithoutFlushWait => MayWaitUntilDurable() ? "set_config('synchronous_commit', 'off', true)" : null;

    /// <summary>
    /// A transactional logical-decoding message is the smallest write that gives a transaction an id and a WAL record,
    /// so its commit, under the session's own synchronous_commit (a synchronous standby included), waits for the WAL up
    /// to it, which holds every earlier commit of this connection. No table, no row anyone else locks.
    /// </summary>
    public override void WaitUntilDurable(DbConnection connection)
    {
        using var command = Command(connection, null, DurableMessage);
        try
        {
            command.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Revoked since the probe: later commits wait for their own flush again.
            Volatile.Write(ref _mayWaitUntilDurable, -1);
            throw;
        }
    }

    private const string DurableMessage = "SELECT pg_catalog.pg_logical_emit_message(true, 'smsgw', 'durable')";

    // 0 until the first ask, then 1 or -1.
    private int _mayWaitUntilDurable;

    /// <summary>
    /// Whether this role may write <see cref="WaitUntilDurable"/>'s message: a server may revoke the function, and
    /// commits then simply wait for their own flush. A probe that fails otherwise (the server busy or away) answers no
    /// for this commit only and asks again next time, so it never fails a send.
    /// </summary>
    private bool MayWaitUntilDurable()
    {
        var known = Volatile.Read(ref _mayWaitUntilDurable);
        if (known != 0)
        {
            return known > 0;
        }
        try
        {
            using var connection = OpenConnection();
            using var transaction = connection.BeginTransaction();
            try
            {
                using var command = Command(connection, transaction, DurableMessage);
                command.ExecuteNonQuery();
                known = 1;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                known = -1;
            }
            transaction.Rollback();
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
        Volatile.Write(ref _mayWaitUntilDurable, known);
        return known > 0;
    }

    public override bool IsConnectionFault(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // admin shutdown, cannot connect now
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal), // insufficient resources
        NpgsqlException => true, // I/O: the server went away mid-batch
        _ => exception is TimeoutException or System.Net.Sockets.SocketException,
    };

    public override bool IsTransientConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    protected override void LockMigrations(DbConnection connection)
    {
        using var command = Command(connection, null, "SELECT pg_advisory_lock(@key)");
        command.With("@key", MigrationLockKey);
        command.ExecuteNonQuery();
    }

    protected override void UnlockMigrations(DbConnection connection)
    {
        using var command = Command(connection, null, "SELECT pg_advisory_unlock(@key)");
        command.With("@key", MigrationLockKey);
        command.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
