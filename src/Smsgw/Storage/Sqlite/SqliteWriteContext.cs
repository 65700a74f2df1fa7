using Microsoft.Data.Sqlite;

namespace Smsgw.Storage.Sqlite;

/// <summary>
/// What a queued write sees: the writer's connection inside the open transaction, with prepared commands
/// kept per SQL text for the life of the batch so hot statements are compiled once per commit, not per row.
/// </summary>
internal sealed class SqliteWriteContext(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>A command for <paramref name="sql"/> with its parameters cleared, reused across the batch.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Parameters.Clear();
        return command;
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
