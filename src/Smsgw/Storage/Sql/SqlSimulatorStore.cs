using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage.Sql;

internal sealed class SqlSimulatorStore(SqlEngine engine, StoreWriter writer) : ISimulatorStore
{
    private static readonly TimeSpan ClaimDuration = TimeSpan.FromSeconds(30);

    public Task<IReadOnlyList<string>> AcceptAsync(string messageId, IReadOnlyList<string> carrierIds, IReadOnlyList<SimulatorEvent> events, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(Accept, new Submission(messageId, carrierIds, events, now), cancellationToken);

    private sealed record Submission(string MessageId, IReadOnlyList<string> CarrierIds, IReadOnlyList<SimulatorEvent> Events, DateTimeOffset Now);

    /// <summary>The submissions of one commit, one statement for all (a round per repeat of one message id).</summary>
    private static readonly BatchWrite<Submission, IReadOnlyList<string>> Accept = new((context, submissions) =>
    {
        var results = new IReadOnlyList<string>[submissions.Count];
        var events = new RowSet("e", ("due_at", RowColumn.Int64), ("kind", RowColumn.Int32), ("carrier_id", RowColumn.Text), ("status", RowColumn.Int32),
            ("account_id", RowColumn.Int64), ("sender", RowColumn.Text), ("receiver", RowColumn.Text), ("text", RowColumn.Text));
        foreach (var round in BatchRounds.Split(Enumerable.Range(0, submissions.Count), i => submissions[i].MessageId))
        {
            var rows = new RowSet("s", ("message_id", RowColumn.Text), ("carrier_ids", RowColumn.Text), ("accepted_at", RowColumn.Int64));
            foreach (var i in round)
            {
                rows.Add(submissions[i].MessageId, string.Join(',', submissions[i].CarrierIds), submissions[i].Now.ToUnixTimeMilliseconds());
            }
            // A repeat counts the offer and answers with the first call's ids, as an idempotent carrier would.
            var accept = context.Command($"""
                INSERT INTO simulator_submissions (message_id, carrier_ids, accepted_at)
                SELECT s.message_id, s.carrier_ids, s.accepted_at FROM {context.Engine.Rows(rows)} WHERE true
                ON CONFLICT (message_id) DO UPDATE SET offers = simulator_submissions.offers + 1
                RETURNING message_id, offers, carrier_ids
                """, rows);
            var stored = new Dictionary<string, (int Offers, string CarrierIds)>(StringComparer.Ordinal);
            using (var reader = accept.ExecuteReader())
            {
                while (reader.Read())
                {
                    stored[reader.GetString(0)] = (reader.GetInt32(1), reader.GetString(2));
                }
            }
            foreach (var i in round)
            {
                var (offers, carrierIds) = stored[submissions[i].MessageId];
                if (offers > 1)
                {
                    results[i] = carrierIds.Split(',');
                    continue;
                }
                results[i] = submissions[i].CarrierIds;
                foreach (var e in submissions[i].Events)
                {
                    events.Add(e.DueAt.ToUnixTimeMilliseconds(), (int)e.Kind, e.CarrierMessageId, (int)e.Status, e.AccountId.Value, e.Sender, e.Receiver, e.Text);
                }
            }
        }
        if (events.Count > 0)
        {
            context.Command($"""
                INSERT INTO simulator_events (due_at, kind, carrier_message_id, status, account_id, sender, receiver, text)
                SELECT e.due_at, e.kind, e.carrier_id, e.status, e.account_id, e.sender, e.receiver, e.text FROM {context.Engine.Rows(events)}
                """, events).ExecuteNonQuery();
        }
        return results;
    });

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
