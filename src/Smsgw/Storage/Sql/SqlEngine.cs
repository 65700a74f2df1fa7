using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Smsgw.Storage.Sql;

/// <summary>
/// One database engine under the shared stores: how to open connections, the few SQL fragments the engines spell
/// differently, which errors mean what, and the numbered migrations. The stores' SQL is otherwise written once.
/// </summary>
internal abstract class SqlEngine : IStorageSchema
{
    /// <summary><c>sqlite</c> or <c>postgres</c>, as configured.</summary>
    public abstract string Provider { get; }

    public abstract string Location { get; }

    /// <summary>
    /// True when one server owns the store (SQLite under its directory lock): it may end every lease at start.
    /// With several nodes on one database, leases end only by expiry.
    /// </summary>
    public abstract bool SingleNode { get; }

    /// <summary>Whether INSERT/UPDATE may sit in a WITH clause, so dependent writes go in one statement (one round trip).</summary>
    public abstract bool WritableCtes { get; }

    /// <summary>Whether a writer may run one command object again with new parameters, across commits (SQLite: saves recompiling).</summary>
    public abstract bool ReusesCommands { get; }

    /// <summary>Appended to a SELECT that leases rows, so concurrent nodes pass over each other's rows.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>An expression giving a fresh random 32-hex-digit id (webhook event ids).</summary>
    public abstract string RandomHexId { get; }

    /// <summary>The embedded resource folder of this engine's migrations, e.g. <c>Sqlite</c>.</summary>
    protected abstract string MigrationsFolder { get; }

    public abstract DbConnection OpenConnection();

    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>The writer's connection (SQLite: WAL and synchronous=FULL).</summary>
    public virtual DbConnection OpenWriteConnection() => OpenConnection();

    /// <summary>Background upkeep for the life of the writer (SQLite: WAL checkpoints).</summary>
    public virtual Task RunMaintenanceAsync(CancellationToken stopping) => Task.CompletedTask;

    /// <summary>Upkeep only the writer can do, run on its connection after a commit, before its next (SQLite: starting the WAL over).</summary>
    public virtual void BetweenCommits(DbConnection writeConnection)
    {
    }

    /// <summary>A transaction for a read of several statements that must agree with each other (a page and its total).</summary>
    public abstract DbTransaction BeginSnapshot(DbConnection connection);

    /// <summary><paramref name="column"/> is one of the ids bound as <paramref name="parameter"/> by <see cref="Ids"/>.</summary>
    public abstract string InIds(string column, string parameter);

    /// <summary>A list of ids as one parameter value, for <see cref="InIds"/>.</summary>
    public abstract object Ids(IReadOnlyList<long> ids);

    /// <summary>The table source of <paramref name="rows"/> (for a FROM clause); bind it with <see cref="BindRows"/>.</summary>
    public abstract string Rows(RowSet rows);

    /// <summary>Adds the parameters carrying <paramref name="rows"/> to <paramref name="command"/>.</summary>
    public abstract void BindRows(DbCommand command, RowSet rows);

    /// <summary>
    /// A statement that holds a lock on <paramref name="keyParameter"/> (a text) until the transaction ends, or null
    /// when the engine has one writer anyway. Serialises work on one key across nodes.
    /// </summary>
    public abstract string? LockKey(string keyParameter);

    /// <summary>
    /// An expression that, evaluated in a statement committing by itself, lets that commit return before it is
    /// durable (its locks end sooner); null when the engine has no such setting. The writer then calls
    /// <see cref="WaitUntilDurable"/> before it answers the callers (<see cref="WriteContext.CommitWithoutFlushWait"/>).
    /// </summary>
    public virtual string? CommitWithoutFlushWait => null;

    /// <summary>Returns once every commit this connection made is as durable as the server's settings make a commit.</summary>
    public virtual void WaitUntilDurable(DbConnection connection)
    {
    }

    /// <summary>A fault of the connection or the database as a whole: the batch fails and the connection is renewed.</summary>
    public abstract bool IsConnectionFault(Exception exception);

    /// <summary>A conflict with a concurrent transaction (deadlock, serialization): running the same work again succeeds.</summary>
    public abstract bool IsTransientConflict(Exception exception);

    /// <summary>Serialises migrations of concurrent starters (several nodes at once) on the migration connection.</summary>
    protected abstract void LockMigrations(DbConnection connection);

    protected abstract void UnlockMigrations(DbConnection connection);

    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        Migrate();
        return Task.CompletedTask;
    }

    /// <summary>Applies the embedded <c>Migrations/&lt;engine&gt;/NNNN_*.sql</c> files not yet recorded, each in its own transaction.</summary>
    public void Migrate()
    {
        using var connection = OpenWriteConnection();
        LockMigrations(connection);
        try
        {
            Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            var assembly = typeof(SqlEngine).Assembly;
            var prefix = $"Smsgw.Storage.Migrations.{MigrationsFolder}.";
            var scripts = assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                .Select(n => (Resource: n, Name: n[prefix.Length..]))
                .OrderBy(s => s.Name, StringComparer.Ordinal);
            foreach (var (resource, name) in scripts)
            {
                var version = int.Parse(name.AsSpan(0, 4), CultureInfo.InvariantCulture);
                using var transaction = connection.BeginTransaction();
                using (var check = Command(connection, transaction, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v"))
                {
                    check.With("@v", version);
                    if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
                    {
                        continue;
                    }
                }
                Execute(connection, transaction, ReadResource(assembly, resource));
                using (var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)"))
                {
                    record.With("@v", version).With("@n", name).With("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                    record.ExecuteNonQuery();
                }
                transaction.Commit();
            }
        }
        finally
        {
            UnlockMigrations(connection);
        }
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Snapshot isolation where the engine needs asking for it.</summary>
    protected static DbTransaction BeginRepeatableRead(DbConnection connection) => connection.BeginTransaction(IsolationLevel.RepeatableRead);
}

internal static class DbCommandExtensions
{
    /// <summary>Adds a parameter; null becomes DBNull.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    public static DateTimeOffset GetInstant(this DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetInstantOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInstant(ordinal);

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>A scalar that is a number on one engine and another width on the other (COUNT, MIN), as a long.</summary>
    public static long? AsInt64(this object? value) => value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
