using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage.Sql;

internal sealed class SqlSimulatorStore(SqlEngine engine, StoreWriter writer) : ISimulatorStore
{
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromSeconds(30);

    public Task<IReadOnlyList<string>> AcceptAsync(string messageId, IReadOnlyList<string> carrierIds, IReadOnlyList<SimulatorEvent> events, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<string>>(context =>
        {
            // A repeat counts the offer and answers with the first call's ids, as an idempotent carrier would.
            var accept = context.Command("""
                INSERT INTO simulator_submissions (message_id, carrier_ids, accepted_at) VALUES (@messageId, @ids, @at)
                ON CONFLICT (message_id) DO UPDATE SET offers = simulator_submissions.offers + 1
                RETURNING offers, carrier_ids
                """);
            accept.With("@messageId", messageId);
            accept.With("@ids", string.Join(',', carrierIds));
            accept.With("@at", now.ToUnixTimeMilliseconds());
            using (var reader = accept.ExecuteReader())
            {
                reader.Read();
                if (reader.GetInt32(0) > 1)
                {
                    return reader.GetString(1).Split(',');
                }
            }
            foreach (var e in events)
            {
                var insert = context.Command("""
                    INSERT INTO simulator_events (due_at, kind, carrier_message_id, status, account_id, sender, receiver, text)
                    VALUES (@due, @kind, @carrierId, @status, @account, @sender, @receiver, @text)
                    """);
                insert.With("@due", e.DueAt.ToUnixTimeMilliseconds());
                insert.With("@kind", (int)e.Kind);
                insert.With("@carrierId", e.CarrierMessageId);
                insert.With("@status", (int)e.Status);
                insert.With("@account", e.AccountId.Value);
                insert.With("@sender", e.Sender);
                insert.With("@receiver", e.Receiver);
                insert.With("@text", e.Text);
                insert.ExecuteNonQuery();
            }
            return carrierIds;
        }, cancellationToken);

    /// <summary>
    /// Claims due events by moving them <see cref="ClaimDuration"/> ahead: with several nodes each event is played by
    /// one, and one whose node died before forgetting it comes due again.
    /// </summary>
    public Task<IReadOnlyList<SimulatorEvent>> DueEventsAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<SimulatorEvent>>(context =>
        {
            var select = context.Command($"""
                SELECT id, due_at, kind, carrier_message_id, status, account_id, sender, receiver, text
                FROM simulator_events WHERE due_at <= @now ORDER BY due_at, id LIMIT @max {context.Engine.SkipLocked}
                """);
            select.With("@now", now.ToUnixTimeMilliseconds());
            select.With("@max", max);
            var events = new List<SimulatorEvent>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    events.Add(new SimulatorEvent(
                        reader.GetInt64(0),
                        reader.GetInstant(1),
                        (SimulatorEventKind)reader.GetInt32(2),
                        reader.GetString(3),
                        (MessageStatus)reader.GetInt32(4),
                        new AccountId(reader.GetInt64(5)),
                        reader.GetString(6),
                        reader.GetString(7),
                        reader.GetStringOrNull(8)));
                }
            }
            if (events.Count > 0)
            {
                var claim = context.Command($"UPDATE simulator_events SET due_at = @until WHERE {context.Engine.InIds("id", "@ids")}");
                claim.With("@until", (now + ClaimDuration).ToUnixTimeMilliseconds());
                claim.With("@ids", context.Engine.Ids([.. events.Select(e => e.Id)]));
                claim.ExecuteNonQuery();
            }
            return events;
        }, cancellationToken);

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(due_at) FROM simulator_events";
        return Task.FromResult(command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null);
    }

    public Task DeleteEventsAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var delete = context.Command($"DELETE FROM simulator_events WHERE {context.Engine.InIds("id", "@ids")}");
            delete.With("@ids", context.Engine.Ids(ids));
            return delete.ExecuteNonQuery();
        }, cancellationToken);

    public Task<long> CountAcceptedAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM simulator_submissions";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }
}
