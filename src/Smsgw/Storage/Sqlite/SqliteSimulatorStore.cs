using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage.Sqlite;

internal sealed class SqliteSimulatorStore(SqliteDatabase database, SqliteWriter writer) : ISimulatorStore
{
    public Task<IReadOnlyList<string>> AcceptAsync(string messageId, IReadOnlyList<string> carrierIds, IReadOnlyList<SimulatorEvent> events, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<string>>(context =>
        {
            var accept = context.Command("""
                INSERT INTO simulator_submissions (message_id, carrier_ids, accepted_at) VALUES ($messageId, $ids, $at)
                ON CONFLICT (message_id) DO NOTHING
                """);
            accept.Parameters.AddWithValue("$messageId", messageId);
            accept.Parameters.AddWithValue("$ids", string.Join(',', carrierIds));
            accept.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            if (accept.ExecuteNonQuery() == 0)
            {
                var find = context.Command("SELECT carrier_ids FROM simulator_submissions WHERE message_id = $messageId");
                find.Parameters.AddWithValue("$messageId", messageId);
                return ((string)find.ExecuteScalar()!).Split(',');
            }
            foreach (var e in events)
            {
                var insert = context.Command("""
                    INSERT INTO simulator_events (due_at, kind, carrier_message_id, status, account_id, sender, receiver, text)
                    VALUES ($due, $kind, $carrierId, $status, $account, $sender, $receiver, $text)
                    """);
                var p = insert.Parameters;
                p.AddWithValue("$due", e.DueAt.ToUnixTimeMilliseconds());
                p.AddWithValue("$kind", (int)e.Kind);
                p.AddWithValue("$carrierId", e.CarrierMessageId);
                p.AddWithValue("$status", (int)e.Status);
                p.AddWithValue("$account", e.AccountId.Value);
                p.AddWithValue("$sender", e.Sender);
                p.AddWithValue("$receiver", e.Receiver);
                p.AddWithValue("$text", (object?)e.Text ?? DBNull.Value);
                insert.ExecuteNonQuery();
            }
            return carrierIds;
        }, cancellationToken);

    public Task<IReadOnlyList<SimulatorEvent>> DueEventsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, due_at, kind, carrier_message_id, status, account_id, sender, receiver, text
            FROM simulator_events WHERE due_at <= $now ORDER BY due_at, id LIMIT $max
            """;
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var events = new List<SimulatorEvent>();
        while (reader.Read())
        {
            events.Add(new SimulatorEvent(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                (SimulatorEventKind)reader.GetInt32(2),
                reader.GetString(3),
                (MessageStatus)reader.GetInt32(4),
                new AccountId(reader.GetInt64(5)),
                reader.GetString(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return Task.FromResult<IReadOnlyList<SimulatorEvent>>(events);
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(due_at) FROM simulator_events";
        return Task.FromResult(command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null);
    }

    public Task DeleteEventsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            // One statement for the whole played batch: the ids travel as a JSON array.
            var delete = context.Command("DELETE FROM simulator_events WHERE id IN (SELECT value FROM json_each($ids))");
            delete.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(ids, SqliteJsonContext.Default.IReadOnlyListInt64));
            return delete.ExecuteNonQuery();
        }, cancellationToken);

    public Task<long> CountAcceptedAsync(CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM simulator_submissions";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }
}
