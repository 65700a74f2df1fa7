using System.Data.Common;

namespace Smsgw.Storage.Sql;

/// <summary>
/// What a queued write sees: the writer's connection inside the open transaction, with commands kept per SQL text
/// for the life of the batch so hot statements are compiled once per commit, not per row.
/// </summary>
internal sealed class WriteContext(SqlEngine engine, DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    public SqlEngine Engine => engine;

    /// <summary>A command for <paramref name="sql"/> with its parameters cleared, reused across the batch.</summary>
    public DbCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = SqlEngine.Command(connection, transaction, sql);
            _commands[sql] = command;
        }
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Holds the engine's lock on <paramref name="key"/> until the batch commits (nothing on a single-writer engine).</summary>
    public void Lock(string key)
    {
        if (engine.LockKey("@lockKey") is { } sql)
        {
            Command(sql).With("@lockKey", key).ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
    }
}
