using System.Data.Common;

namespace Smsgw.Storage.Sql;

/// <summary>
/// What a queued write sees: the writer's connection inside the open transaction (none for a write that is one
/// statement committing by itself, <see cref="BatchWrite{TIn, TOut}.Autocommit"/>). On SQLite, commands come from the
/// lane's <see cref="WriterCommands"/>, so a hot statement is compiled once per connection, not per commit or row;
/// Npgsql prepares by SQL text on its own (auto-prepare) and gets a fresh command each time.
/// </summary>
internal sealed class WriteContext(SqlEngine engine, DbConnection connection, DbTransaction? transaction, WriterCommands? keptCommands) : IDisposable
{
    private readonly List<DbCommand> _used = [];

    public SqlEngine Engine => engine;

    /// <summary>
    /// Set when this commit makes webhook events due (<see cref="WebhookOutbox"/> writing new ones, a replay): the writer
    /// wakes their sender once it is durable.
    /// </summary>
    public bool WebhookEventsDue { get; set; }

    /// <summary>Set by <see cref="CommitWithoutFlushWait"/>: the writer must wait until the commit is durable.</summary>
    public bool DurabilityPending { get; private set; }

    /// <summary>
    /// <see cref="SqlEngine.CommitWithoutFlushWait"/> for the statement being built, marking that the writer waits until
    /// it is durable before completing the callers. Null when the engine has none, and inside a transaction: only a
    /// statement committing by itself is followed by that wait.
    /// </summary>
    public string? CommitWithoutFlushWait()
    {
        if (transaction is not null)
        {
            return null;
        }
        var setting = engine.CommitWithoutFlushWait;
        DurabilityPending |= setting is not null;
        return setting;
    }

    /// <summary>A command for <paramref name="sql"/> with its parameters cleared (on SQLite, the one the lane keeps).</summary>
    public DbCommand Command(string sql)
    {
        if (keptCommands is not null)
        {
            return keptCommands.Get(sql, transaction);
        }
        var fresh = SqlEngine.Command(connection, transaction, sql);
        _used.Add(fresh);
        return fresh;
    }

    /// <summary>Holds the engine's lock on <paramref name="key"/> until the batch commits (nothing on a single-writer engine).</summary>
    public void Lock(string key)
    {
        if (engine.LockKey("@lockKey") is { } sql)
        {
            Command(sql).With("@lockKey", key).ExecuteNonQuery();
        }
    }

    /// <summary>
    /// <see cref="Lock(string)"/> for many keys in one statement, in one order (ordinal), so two writers locking the
    /// same set queue rather than deadlock. A commit that takes locks in several statements can still cross another's:
    /// PostgreSQL then detects the deadlock and the writer runs the work again.
    /// </summary>
    public void Lock(IEnumerable<string> keys)
    {
        if (engine.LockKey("lk.lock_key") is not { } sql)
        {
            return;
        }
        var rows = new RowSet("lk", ("lock_key", RowColumn.Text));
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            rows.Add(key);
        }
        if (rows.Count > 0)
        {
            Command($"{sql} FROM {engine.Rows(rows)}", rows).ExecuteNonQuery();
        }
    }

    /// <summary>A command for <paramref name="sql"/> with <paramref name="rows"/> bound (the SQL names them through <see cref="SqlEngine.Rows"/>).</summary>
    public DbCommand Command(string sql, RowSet rows)
    {
        var command = Command(sql);
        engine.BindRows(command, rows);
        return command;
    }

    public void Dispose()
    {
        keptCommands?.CommitEnded();
        foreach (var command in _used)
        {
            command.Dispose();
        }
        _used.Clear();
    }
}
