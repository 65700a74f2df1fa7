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
    /// The SQL texts are the store's own, one per call site and row shape, about fifty in all; should that ever grow
    /// without bound (text built from data), the cache starts over rather than keep every statement.
    /// </summary>
    private const int MaxKept = 256;

    /// <summary>
    /// A value bound larger than this (a row set of a bulk send) is not kept past its commit: SQLite holds its own copy of
    /// what was last bound until the statement runs again, which for a rarely used one could be the connection's life.
    /// </summary>
    private const int MaxKeptBoundBytes = 64 * 1024;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private readonly HashSet<DbCommand> _usedInCommit = [];

    /// <summary>The command for <paramref name="sql"/>, enlisted in <paramref name="transaction"/> (none: autocommit), its parameters cleared.</summary>
    public DbCommand Get(string sql, DbTransaction? transaction)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = SqlEngine.Command(connection, transaction, sql);
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        _usedInCommit.Add(command);
        return command;
    }

    /// <summary>
    /// After each commit (or rollback): the values bound in it are let go, a command that bound a large one is dropped,
    /// and past <see cref="MaxKept"/> the cache starts over (here, where no command is in use).
    /// </summary>
    public void CommitEnded()
    {
        foreach (var command in _usedInCommit)
        {
            if (command.Parameters.Cast<DbParameter>().Any(p => p.Value is byte[] { Length: > MaxKeptBoundBytes } or string { Length: > MaxKeptBoundBytes }))
            {
                _commands.Remove(command.CommandText);
                command.Dispose();
            }
            else
            {
                command.Parameters.Clear();
            }
        }
        _usedInCommit.Clear();
        if (_commands.Count > MaxKept)
        {
            Forget();
        }
    }

    /// <summary>
    /// After a batch that threw: the commands it used are dropped, so one left in a state a later use would trip on (a
    /// reader still open) fails that batch only, never every commit after it. The others stay compiled.
    /// </summary>
    public void DropUsedInCommit()
    {
        foreach (var command in _usedInCommit)
        {
            _commands.Remove(command.CommandText);
            command.Dispose();
        }
        _usedInCommit.Clear();
    }

    private void Forget()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        _usedInCommit.Clear();
    }

    public void Dispose() => Forget();
}
