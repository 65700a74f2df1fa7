using Microsoft.Data.Sqlite;
using Smsgw.Accounts;

namespace Smsgw.Storage.Sqlite;

internal sealed class SqliteInboundPartStore(SqliteDatabase database, SqliteWriter writer) : IInboundPartStore
{
    private const string Columns = "carrier, sender, receiver, reference, total, part_no, account_id, text, received_at";
    private const string SameMessage = "carrier = $carrier AND sender = $sender AND receiver = $receiver AND reference = $reference AND total = $total";

    public Task<IReadOnlyList<InboundPart>?> AddAsync(InboundPart part, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<InboundPart>?>(context =>
        {
            var finished = context.Command($"SELECT 1 FROM inbound_parts WHERE {SameMessage} AND done_at IS NOT NULL LIMIT 1");
            AddKey(finished.Parameters, part);
            if (finished.ExecuteScalar() is not null)
            {
                return null;
            }
            var insert = context.Command($"""
                INSERT INTO inbound_parts ({Columns})
                VALUES ($carrier, $sender, $receiver, $reference, $total, $partNo, $account, $text, $receivedAt)
                ON CONFLICT DO NOTHING
                """);
            AddKey(insert.Parameters, part);
            insert.Parameters.AddWithValue("$partNo", part.PartNo);
            insert.Parameters.AddWithValue("$account", part.AccountId.Value);
            insert.Parameters.AddWithValue("$text", part.Text);
            insert.Parameters.AddWithValue("$receivedAt", part.ReceivedAt.ToUnixTimeMilliseconds());
            insert.ExecuteNonQuery();
            var select = context.Command($"SELECT {Columns} FROM inbound_parts WHERE {SameMessage} ORDER BY part_no");
            AddKey(select.Parameters, part);
            using var reader = select.ExecuteReader();
            return ReadParts(reader);
        }, cancellationToken);

    public Task FinishAsync(InboundPart part, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var finish = context.Command($"UPDATE inbound_parts SET done_at = $now WHERE {SameMessage} AND done_at IS NULL");
            AddKey(finish.Parameters, part);
            finish.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return finish.ExecuteNonQuery();
        }, cancellationToken);

    public Task<IReadOnlyList<IReadOnlyList<InboundPart>>> ListExpiredAsync(DateTimeOffset firstReceivedBefore, int max, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM inbound_parts p
            WHERE p.done_at IS NULL AND EXISTS (
                SELECT 1 FROM (
                    SELECT carrier, sender, receiver, reference, total FROM inbound_parts
                    WHERE done_at IS NULL AND received_at < $before
                    GROUP BY carrier, sender, receiver, reference, total
                    HAVING MIN(received_at) < $before
                    LIMIT $max) g
                WHERE g.carrier = p.carrier AND g.sender = p.sender AND g.receiver = p.receiver AND g.reference = p.reference AND g.total = p.total)
            ORDER BY carrier, sender, receiver, reference, total, part_no
            """;
        command.Parameters.AddWithValue("$before", firstReceivedBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
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
            var purge = context.Command("DELETE FROM inbound_parts WHERE done_at IS NOT NULL AND done_at < $before");
            purge.Parameters.AddWithValue("$before", finishedBefore.ToUnixTimeMilliseconds());
            return purge.ExecuteNonQuery();
        }, cancellationToken);

    private static void AddKey(SqliteParameterCollection parameters, InboundPart part)
    {
        parameters.AddWithValue("$carrier", part.Carrier);
        parameters.AddWithValue("$sender", part.Sender);
        parameters.AddWithValue("$receiver", part.Receiver);
        parameters.AddWithValue("$reference", part.Reference);
        parameters.AddWithValue("$total", part.Total);
    }

    private static List<InboundPart> ReadParts(SqliteDataReader reader)
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
