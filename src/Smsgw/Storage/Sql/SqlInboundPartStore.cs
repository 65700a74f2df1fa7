using System.Data.Common;
using Smsgw.Accounts;

namespace Smsgw.Storage.Sql;

internal sealed class SqlInboundPartStore(SqlEngine engine, StoreWriter writer) : IInboundPartStore
{
    private const string Columns = "carrier, sender, receiver, reference, total, part_no, account_id, text, received_at";
    private const string SameMessage = "carrier = @carrier AND sender = @sender AND receiver = @receiver AND reference = @reference AND total = @total";

    public Task<IReadOnlyList<InboundPart>?> AddAsync(InboundPart part, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<InboundPart>?>(context =>
        {
            // Parts of one message may arrive on several nodes at once: each sees the others' parts.
            context.Lock(GroupKey(part));
            var finished = context.Command($"SELECT 1 FROM inbound_parts WHERE {SameMessage} AND done_at IS NOT NULL LIMIT 1");
            AddKey(finished, part);
            if (finished.ExecuteScalar() is not null)
            {
                return null;
            }
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
            var select = context.Command($"SELECT {Columns} FROM inbound_parts WHERE {SameMessage} ORDER BY part_no");
            AddKey(select, part);
            using var reader = select.ExecuteReader();
            return ReadParts(reader);
        }, cancellationToken);

    public Task FinishAsync(InboundPart part, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            context.Lock(GroupKey(part));
            var finish = context.Command($"UPDATE inbound_parts SET done_at = @now WHERE {SameMessage} AND done_at IS NULL");
            AddKey(finish, part);
            finish.With("@now", now.ToUnixTimeMilliseconds());
            return finish.ExecuteNonQuery();
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
