using System.Data.Common;
using Smsgw.Accounts;

namespace Smsgw.Storage.Sql;

internal sealed class SqlInboundPartStore(SqlEngine engine, StoreWriter writer) : IInboundPartStore
{
    private const string Columns = "carrier, sender, receiver, reference, total, part_no, account_id, text, received_at";
    private const string SameMessage = "carrier = @carrier AND sender = @sender AND receiver = @receiver AND reference = @reference AND total = @total";

    public Task<InboundInsertResult?> AddAsync(InboundPart part, Func<IReadOnlyList<InboundPart>, NewInboundMessage> assemble, CancellationToken cancellationToken) =>
        writer.WriteSharedRowsAsync<InboundInsertResult?>(context =>
        {
            // Parts of one message may arrive on several nodes at once, and the timeout may flush it meanwhile: each
            // sees what the others committed.
            context.Lock(GroupKey(part));
            var finished = context.Command($"SELECT text FROM inbound_parts WHERE {SameMessage} AND part_no = @partNo AND done_at IS NOT NULL");
            AddKey(finished, part);
            finished.With("@partNo", part.PartNo);
            if (finished.ExecuteScalar() is string text && text == part.Text)
            {
                return null; // the SMSC did not get our response to this part: it is in the stored message already
            }
            // Whatever else a finished message left under this key belongs to it, not to the message this part starts.
            var forget = context.Command($"DELETE FROM inbound_parts WHERE {SameMessage} AND done_at IS NOT NULL");
            AddKey(forget, part);
            forget.ExecuteNonQuery();
            var insert = context.Command($"""
                INSERT INTO inbound_parts ({Columns})
                VALUES (@carrier, @sender, @receiver, @reference, @total, @partNo, @account, @text, @receivedAt)
                ON CONFLICT DO NOTHING
                """);
            AddKey(insert, part);
            insert.With("@partNo", part.PartNo);
            insert.With("@account", part.AccountId.Value);
            insert.With("@text", part.Text);
            insert.With("@receivedAt", part.ReceivedAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            var parts = ReadUnfinished(context, part);
            return parts.Count == part.Total ? Store(context, parts, part.ReceivedAt, assemble) : null;
        }, cancellationToken);

    public Task<InboundInsertResult?> FlushAsync(InboundPart part, DateTimeOffset firstReceivedBefore, DateTimeOffset now,
        Func<IReadOnlyList<InboundPart>, NewInboundMessage> assemble, CancellationToken cancellationToken) =>
        writer.WriteSharedRowsAsync<InboundInsertResult?>(context =>
        {
            // Listed without the lock: a late part may have completed the message since, or a new one taken its key.
            context.Lock(GroupKey(part));
            var parts = ReadUnfinished(context, part);
            if (parts.Count == 0 || parts.Min(p => p.ReceivedAt) >= firstReceivedBefore)
            {
                return null;
            }
            return Store(context, parts, now, assemble);
        }, cancellationToken);

    public Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredAsync(DateTimeOffset firstReceivedBefore, int max, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM inbound_parts p
            WHERE p.done_at IS NULL AND EXISTS (
                SELECT 1 FROM (
                    SELECT carrier, sender, receiver, reference, total FROM inbound_parts
                    WHERE done_at IS NULL AND received_at < @before
                    GROUP BY carrier, sender, receiver, reference, total
                    HAVING MIN(received_at) < @before
                    LIMIT @max) g
                WHERE g.carrier = p.carrier AND g.sender = p.sender AND g.receiver = p.receiver AND g.reference = p.reference AND g.total = p.total)
            ORDER BY carrier, sender, receiver, reference, total, part_no
            """;
        command.With("@before", firstReceivedBefore.ToUnixTimeMilliseconds());
        command.With("@max", max);
        using var reader = command.ExecuteReader();
        var groups = ReadParts(reader)
            .GroupBy(p => (p.Carrier, p.Sender, p.Receiver, p.Reference, p.Total))
            .Select(g => (IReadOnlyList<InboundPart>)[.. g])
            .ToList();
        return Task.FromResult<IReadOnlyList<IReadOnlyList<InboundPart>>>(groups);
    }

    public Task<int> PurgeFinishedAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var purge = context.Command("DELETE FROM inbound_parts WHERE done_at IS NOT NULL AND done_at < @before");
            purge.With("@before", finishedBefore.ToUnixTimeMilliseconds());
            return purge.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>The message and the parts marked finished in one transaction: either both happened or neither did.</summary>
    private static InboundInsertResult Store(WriteContext context, List<InboundPart> parts, DateTimeOffset now, Func<IReadOnlyList<InboundPart>, NewInboundMessage> assemble)
    {
        var result = SqlMessageStore.InsertInbound(context, assemble(parts));
        var finish = context.Command($"UPDATE inbound_parts SET done_at = @now WHERE {SameMessage} AND done_at IS NULL");
        AddKey(finish, parts[0]);
        finish.With("@now", now.ToUnixTimeMilliseconds());
        finish.ExecuteNonQuery();
        return result;
    }

    private static List<InboundPart> ReadUnfinished(WriteContext context, InboundPart part)
    {
        var select = context.Command($"SELECT {Columns} FROM inbound_parts WHERE {SameMessage} AND done_at IS NULL ORDER BY part_no");
        AddKey(select, part);
        using var reader = select.ExecuteReader();
        return ReadParts(reader);
    }

    private static string GroupKey(InboundPart part) => $"parts:{part.Carrier}:{part.Sender}:{part.Receiver}:{part.Reference}:{part.Total}";

    private static void AddKey(DbCommand parameters, InboundPart part)
    {
        parameters.With("@carrier", part.Carrier);
        parameters.With("@sender", part.Sender);
        parameters.With("@receiver", part.Receiver);
        parameters.With("@reference", part.Reference);
        parameters.With("@total", part.Total);
    }

    private static List<InboundPart> ReadParts(DbDataReader reader)
    {
        var parts = new List<InboundPart>();
        while (reader.Read())
        {
            parts.Add(new InboundPart(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetInt32(5), new AccountId(reader.GetInt64(6)), reader.GetString(7), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
        }
        return parts;
    }
}
