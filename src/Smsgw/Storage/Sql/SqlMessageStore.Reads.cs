using System.Data.Common;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Storage.Sql;

// Reads run synchronously and return completed tasks: Microsoft.Data.Sqlite has no asynchronous I/O (its async
// methods block too), and an index-range read of one page takes well under a millisecond. On PostgreSQL the same
// code blocks a thread-pool thread for the round trip (about 0.1 ms on a local network); the Task signatures let
// these become truly asynchronous without touching a caller.
internal sealed partial class SqlMessageStore
{
    internal const string MessageColumns = """
        id, direction, message_id, peer, local, body, reference, encoding, parts, created_at,
        status, status_at, status_detail, scheduled_at, valid_until, carrier, has_files, list_seq
        """;

    public Task<MessagePage> GetConversationAsync(AccountId accountId, string peer, int page, int limit, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var transaction = engine.BeginSnapshot(connection);
        // One writer keeps no counter row (TakeConversationSequences): the index's last number is the count.
        var total = Scalar(connection, transaction, engine.SingleNode
            ? "SELECT MAX(conv_seq) FROM messages WHERE account_id = @account AND peer = @key"
            : "SELECT last_seq FROM conversations WHERE account_id = @account AND peer = @key", accountId, peer);
        var (from, to) = SequencePage.Range(total, page, limit);
        var items = from > to ? [] : ReadMessages(connection, transaction, $"""
            SELECT {MessageColumns} FROM messages
            WHERE account_id = @account AND peer = @key AND conv_seq BETWEEN @from AND @to
            ORDER BY conv_seq DESC
            """, Bind(accountId, peer, from, to));
        return Task.FromResult(new MessagePage(total, items));
    }

    public Task<MessagePage> GetListAsync(AccountId accountId, MessageDirection direction, int page, int limit, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var transaction = engine.BeginSnapshot(connection);
        var total = Scalar(connection, transaction, "SELECT last_seq FROM account_sequences WHERE account_id = @account AND direction = @key", accountId, (int)direction);
        var (from, to) = SequencePage.Range(total, page, limit);
        var items = from > to ? [] : ReadMessages(connection, transaction, $"""
            SELECT {MessageColumns} FROM messages
            WHERE account_id = @account AND direction = @key AND list_seq BETWEEN @from AND @to
            ORDER BY list_seq DESC
            """, Bind(accountId, (int)direction, from, to));
        return Task.FromResult(new MessagePage(total, items));
    }

    public Task<(StoredMessage Message, IReadOnlyList<StoredPart> Parts)?> GetOutboundAsync(AccountId accountId, string messageId, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var transaction = engine.BeginSnapshot(connection);
        var found = ReadMessages(connection, transaction, $"""
            SELECT {MessageColumns} FROM messages
            WHERE account_id = @account AND message_id = @key
            """, Bind(accountId, messageId, 0, 0));
        if (found.Count == 0)
        {
            return Task.FromResult<(StoredMessage, IReadOnlyList<StoredPart>)?>(null);
        }
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // A message the carrier took as one submit keeps that submit's id and status on its own row (OneSubmit).
        command.CommandText = """
            SELECT part_no, carrier, carrier_message_id, status, error_code, updated_at FROM message_parts WHERE message_rowid = @row
            UNION ALL
            SELECT 1, carrier, carrier_message_id, status, status_detail, status_at FROM messages WHERE id = @row AND carrier_message_id IS NOT NULL
            ORDER BY 1
            """;
        command.With("@row", found[0].RowId);
        using var reader = command.ExecuteReader();
        var parts = new List<StoredPart>();
        while (reader.Read())
        {
            parts.Add(new StoredPart(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), (MessageStatus)reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }
        return Task.FromResult<(StoredMessage, IReadOnlyList<StoredPart>)?>((found[0], parts));
    }

    public Task<StoredFile?> GetFileAsync(string token, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token, name, mime, size, path FROM message_files WHERE token = @token";
        command.With("@token", token);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? MapFile(reader) : null);
    }

    public Task<long> CountUnmatchedReceiptsAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM unmatched_receipts";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    private static long Scalar(DbConnection connection, DbTransaction transaction, string sql, AccountId accountId, object key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.With("@account", accountId.Value);
        command.With("@key", key);
        return command.ExecuteScalar() is long value ? value : 0;
    }

    private static Action<DbCommand> Bind(AccountId accountId, object key, long from, long to) => parameters =>
    {
        parameters.With("@account", accountId.Value);
        parameters.With("@key", key);
        parameters.With("@from", from);
        parameters.With("@to", to);
    };

    private static List<StoredMessage> ReadMessages(DbConnection connection, DbTransaction transaction, string sql, Action<DbCommand> bind)
    {
        var messages = new List<StoredMessage>();
        var withFiles = new List<int>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt64(16) != 0)
                {
                    withFiles.Add(messages.Count);
                }
                messages.Add(MapMessage(reader));
            }
        }
        foreach (var index in withFiles)
        {
            messages[index] = messages[index] with { Files = ReadFiles(connection, transaction, messages[index].RowId) };
        }
        return messages;
    }

    internal static List<StoredFile> ReadFiles(DbConnection connection, DbTransaction transaction, long rowId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT token, name, mime, size, path FROM message_files WHERE message_rowid = @row ORDER BY ordinal";
        command.With("@row", rowId);
        using var reader = command.ExecuteReader();
        var files = new List<StoredFile>();
        while (reader.Read())
        {
            files.Add(MapFile(reader));
        }
        return files;
    }

    private static StoredFile MapFile(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4));

    /// <summary>Maps <see cref="MessageColumns"/> read from <paramref name="offset"/> on.</summary>
    internal static StoredMessage MapMessage(DbDataReader reader, int offset = 0) => MapMessageAt(new OffsetReader(reader, offset));

    private readonly record struct OffsetReader(DbDataReader Reader, int Offset)
    {
        public long GetInt64(int i) => Reader.GetInt64(Offset + i);
        public int GetInt32(int i) => Reader.GetInt32(Offset + i);
        public string GetString(int i) => Reader.GetString(Offset + i);
        public bool IsDBNull(int i) => Reader.IsDBNull(Offset + i);
    }

    private static StoredMessage MapMessageAt(OffsetReader reader) => new(
        reader.GetInt64(0),
        (MessageDirection)reader.GetInt32(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        (SmsEncoding)reader.GetInt32(7),
        reader.GetInt32(8),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        (MessageStatus)reader.GetInt32(10),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
        reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
        reader.IsDBNull(15) ? null : reader.GetString(15),
        reader.GetInt64(17));
}
