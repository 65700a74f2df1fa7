using System.Data.Common;

namespace Smsgw.Storage.Sql;

/// <summary>
/// A lane's commands by SQL text, kept for the life of its connection on an engine that runs one command again with new
/// parameters (<see cref="SqlEngine.ReusesCommands"/>: SQLite). Compiling a statement cost ~24 µs (the UPDATE of an
/// outcome batch, measured), paid again at every commit while commands lived for one batch only: with the ~30
/// receipts or outcomes of a commit in the smpp bench's drain, more than the statement's own work on its rows.
/// A command kept here holds no lock between uses: each execution resets its statement when its reader is disposed.
/// </summary>
internal sealed class WriterCommands(DbConnection connection) : IDisposable
{
    /// <summary>
    /// The SQL texts are the store's own, one per call site and row shape, a few dozen in all; should that ever grow
    /// without bound (text built from data), the cache starts over rather than keep every statement.
    /// </summary>
    private const int MaxKept = 256;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for <paramref name="sql"/>, enlisted in <paramref name="transaction"/> (none: autocommit), its parameters cleared.</summary>
    public DbCommand Get(string sql, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxKept)
            {
                Dispose();
            }
            command = SqlEngine.Command(connection, transaction, sql);
            _commands[sql] = command;
        }
        command.Transaction = transaction;
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
