using System.Data.Common;
using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage.Sql;

internal sealed class SqlWebhookStore(SqlEngine engine, StoreWriter writer) : IWebhookStore
{
    private const string WebhookColumns = "w.id, w.webhook_id, w.account_id, w.endpoint, w.method, w.types, w.secret, w.created_at";
    private const string EventColumns = """
        e.id, e.event_id, e.type, e.created_at, e.state, e.attempts, e.next_attempt_at, e.last_status, e.last_error, e.delivered_at,
        e.status, e.status_detail, a.name, COALESCE(e.lease_until, 0)
        """;

    private static readonly string MessageColumnsOfM = string.Join(", ",
        SqlMessageStore.MessageColumns.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(c => "m." + c));

    private static readonly string EventSelect = $"""
        SELECT {WebhookColumns}, {EventColumns}, {MessageColumnsOfM}
        FROM webhook_events e
        JOIN webhooks w ON w.id = e.webhook_rowid
        JOIN accounts a ON a.id = w.account_id
        JOIN messages m ON m.id = e.message_rowid
        """;

    public Task<Webhook?> CreateAsync(AccountId accountId, string webhookId, string endpoint, string method, IReadOnlyList<string> types, string secret, int maxPerAccount, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            // Two nodes creating at once must not both pass the count.
            context.Lock($"webhooks:{accountId.Value}");
            var insert = context.Command("""
                INSERT INTO webhooks (webhook_id, account_id, endpoint, method, types, secret, created_at)
                SELECT @webhookId, @account, @endpoint, @method, @types, @secret, @now
                WHERE (SELECT COUNT(*) FROM webhooks WHERE account_id = @account AND deleted_at IS NULL) < @max
                RETURNING id
                """);
            insert.With("@webhookId", webhookId);
            insert.With("@account", accountId.Value);
            insert.With("@endpoint", endpoint);
            insert.With("@method", method);
            insert.With("@types", "," + string.Join(',', types) + ",");
            insert.With("@secret", secret);
            insert.With("@now", now.ToUnixTimeMilliseconds());
            insert.With("@max", (long)maxPerAccount);
            return insert.ExecuteScalar().AsInt64() is { } rowId
                ? new Webhook(rowId, webhookId, accountId, endpoint, method, types, secret, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()))
                : null;
        }, cancellationToken);

    public Task<IReadOnlyList<Webhook>> ListAsync(AccountId accountId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Webhook>>(QueryWebhooks($"SELECT {WebhookColumns} FROM webhooks w WHERE w.account_id = @account AND w.deleted_at IS NULL ORDER BY w.id",
            p => p.With("@account", accountId.Value)));

    public Task<Webhook?> FindAsync(AccountId accountId, string webhookId, CancellationToken cancellationToken) =>
        Task.FromResult(QueryWebhooks($"SELECT {WebhookColumns} FROM webhooks w WHERE w.account_id = @account AND w.webhook_id = @webhookId AND w.deleted_at IS NULL",
            p =>
            {
                p.With("@account", accountId.Value);
                p.With("@webhookId", webhookId);
            }).SingleOrDefault());

    public Task<bool> DeleteAsync(AccountId accountId, string secret, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var delete = context.Command("UPDATE webhooks SET deleted_at = @now WHERE account_id = @account AND secret = @secret AND deleted_at IS NULL RETURNING id");
            delete.With("@now", now.ToUnixTimeMilliseconds());
            delete.With("@account", accountId.Value);
            delete.With("@secret", secret);
            if (delete.ExecuteScalar() is not long rowId)
            {
                return false;
            }
            // Nobody asks for these any more: they stop (dead, 'webhook deleted').
            var stop = context.Command("UPDATE webhook_events SET state = 2, next_attempt_at = NULL, lease_until = NULL, last_error = 'webhook deleted' WHERE webhook_rowid = @row AND state = 0");
            stop.With("@row", rowId);
            stop.ExecuteNonQuery();
            return true;
        }, cancellationToken);

    public Task<IReadOnlyList<WebhookEvent>> RecentEventsAsync(AccountId accountId, string webhookId, WebhookEventState? state, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WebhookEvent>>(QueryEvents($"""
            {EventSelect}
            WHERE w.account_id = @account AND w.webhook_id = @webhookId {(state is null ? "" : "AND e.state = @state")}
            ORDER BY e.id DESC
            LIMIT @limit
            """, p =>
            {
                p.With("@account", accountId.Value);
                p.With("@webhookId", webhookId);
                p.With("@limit", limit);
                if (state is not null)
                {
                    p.With("@state", (int)state.Value);
                }
            }));

    /// <summary>An event waits while an earlier event of its message to the same webhook is pending.</summary>
    private const string NotBehindAnEarlierEvent = """
        NOT EXISTS (SELECT 1 FROM webhook_events p
                    WHERE p.message_rowid = e.message_rowid AND p.webhook_rowid = e.webhook_rowid AND p.id < e.id AND p.state = 0)
        """;

    /// <summary>An event due at <c>@now</c> and not leased (or its lease ended), of a webhook not in <c>@excluded</c>.</summary>
    private string DueNow => $"e.next_attempt_at IS NOT NULL AND e.next_attempt_at <= @now AND (e.lease_until IS NULL OR e.lease_until <= @now) AND NOT {engine.InIds("e.webhook_rowid", "@excluded")}";

    public async Task<IReadOnlyList<WebhookEvent>> LeaseDueAsync(DateTimeOffset now, TimeSpan leaseDuration, int max, IReadOnlyList<long> excludedWebhooks, CancellationToken cancellationToken)
    {
        if (!AnyDue(now, excludedWebhooks))
        {
            return [];
        }
        var leaseUntil = (now + leaseDuration).ToUnixTimeMilliseconds();
        var ids = await writer.WriteAsync(context =>
        {
            // Oldest first; an endpoint gets a message's reports in the order they happened (submitted before delivered).
            var due = context.Command($"""
                SELECT e.id FROM webhook_events e
                WHERE {DueNow} AND {NotBehindAnEarlierEvent}
                ORDER BY e.id
                LIMIT @max
                {context.Engine.SkipLocked}
                """);
            due.With("@now", now.ToUnixTimeMilliseconds());
            due.With("@max", max);
            due.With("@excluded", context.Engine.Ids(excludedWebhooks));
            var leased = new List<long>();
            using (var reader = due.ExecuteReader())
            {
                while (reader.Read())
                {
                    leased.Add(reader.GetInt64(0));
                }
            }
            if (leased.Count > 0)
            {
                var lease = context.Command($"UPDATE webhook_events SET lease_until = @until WHERE {context.Engine.InIds("id", "@ids")}");
                lease.With("@until", leaseUntil);
                lease.With("@ids", engine.Ids(leased));
                lease.ExecuteNonQuery();
            }
            return leased;
        }, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return [];
        }
        return QueryEvents($"{EventSelect} WHERE {engine.InIds("e.id", "@ids")} ORDER BY e.id", p => p.With("@ids", engine.Ids(ids)));
    }

    /// <summary>
    /// Whether any event may be leasable now: a read, so the sender's wake-ups (a commit that made events due, a freed
    /// delivery slot, its poll) cost no write transaction while nothing is due.
    /// </summary>
    private bool AnyDue(DateTimeOffset now, IReadOnlyList<long> excludedWebhooks)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT 1 FROM webhook_events e
            WHERE {DueNow}
            LIMIT 1
            """;
        command.With("@now", now.ToUnixTimeMilliseconds());
        command.With("@excluded", engine.Ids(excludedWebhooks));
        return command.ExecuteScalar() is not null;
    }

    public Task<DateTimeOffset?> NextDueAsync(IReadOnlyList<long> excludedWebhooks, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.With("@excluded", engine.Ids(excludedWebhooks));
        // The lease rule, so an event waiting behind its message's earlier event does not look due (a busy loop).
        command.CommandText = $"""
            SELECT MIN(e.next_attempt_at) FROM webhook_events e
            WHERE e.next_attempt_at IS NOT NULL AND e.lease_until IS NULL
              AND NOT {engine.InIds("e.webhook_rowid", "@excluded")} AND {NotBehindAnEarlierEvent}
            """;
        return Task.FromResult(command.ExecuteScalar() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null);
    }

    public Task<int> ReleaseAllLeasesAsync(CancellationToken cancellationToken) =>
        writer.WriteAsync(context => context.Command("UPDATE webhook_events SET lease_until = NULL WHERE next_attempt_at IS NOT NULL AND lease_until IS NOT NULL").ExecuteNonQuery(), cancellationToken);

    public Task RecordAttemptsAsync(IReadOnlyList<WebhookAttempt> attempts, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            foreach (var attempt in attempts)
            {
                var (state, next, counted, deliveredAt) = attempt switch
                {
                    WebhookAttempt.Delivered => (WebhookEventState.Delivered, (DateTimeOffset?)null, true, (DateTimeOffset?)attempt.At),
                    WebhookAttempt.Failed failed => (WebhookEventState.Pending, failed.NextAttemptAt, failed.Counted, null),
                    _ => (WebhookEventState.Dead, null, true, null),
                };
                var update = context.Command("""
                    UPDATE webhook_events
                    SET state = @state, next_attempt_at = @next, lease_until = NULL, attempts = attempts + @counted,
                        last_attempt_at = CASE WHEN @counted = 1 THEN @at ELSE last_attempt_at END,
                        last_status = CASE WHEN @counted = 1 THEN @status ELSE last_status END,
                        last_error = CASE WHEN @counted = 1 THEN @error ELSE last_error END,
                        delivered_at = @deliveredAt
                    WHERE id = @id AND state = 0 AND lease_until = @lease
                    """);
                update.With("@state", (int)state);
                update.With("@next", next?.ToUnixTimeMilliseconds());
                update.With("@counted", counted ? 1 : 0);
                update.With("@at", attempt.At.ToUnixTimeMilliseconds());
                update.With("@status", attempt.HttpStatus);
                update.With("@error", attempt.Error);
                update.With("@deliveredAt", deliveredAt?.ToUnixTimeMilliseconds());
                update.With("@id", attempt.EventRowId);
                update.With("@lease", attempt.LeaseToken);
                update.ExecuteNonQuery();
            }
            return attempts.Count;
        }, cancellationToken);

    public Task<int> PurgeFinishedEventsAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var purge = context.Command("""
                DELETE FROM webhook_events WHERE id IN (
                    SELECT id FROM webhook_events WHERE next_attempt_at IS NULL AND created_at < @before LIMIT @max)
                """);
            purge.With("@before", createdBefore.ToUnixTimeMilliseconds());
            purge.With("@max", max);
            return purge.ExecuteNonQuery();
        }, cancellationToken);

    public Task<int> ReplayAsync(AccountId accountId, string webhookId, string? eventId, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var replay = context.Command($"""
                UPDATE webhook_events SET state = 0, attempts = 0, next_attempt_at = @now, lease_until = NULL, delivered_at = NULL, last_error = NULL
                WHERE webhook_rowid = (SELECT id FROM webhooks WHERE account_id = @account AND webhook_id = @webhookId AND deleted_at IS NULL)
                  AND {(eventId is null ? "state = 2" : "event_id = @eventId")}
                """);
            replay.With("@now", now.ToUnixTimeMilliseconds());
            replay.With("@account", accountId.Value);
            replay.With("@webhookId", webhookId);
            if (eventId is not null)
            {
                replay.With("@eventId", eventId);
            }
            var replayed = replay.ExecuteNonQuery();
            if (replayed > 0)
            {
                context.WebhookEventsDue = true;
            }
            return replayed;
        }, cancellationToken);

    private List<Webhook> QueryWebhooks(string sql, Action<DbCommand> bind)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        using var reader = command.ExecuteReader();
        var webhooks = new List<Webhook>();
        while (reader.Read())
        {
            webhooks.Add(MapWebhook(reader));
        }
        return webhooks;
    }

    private List<WebhookEvent> QueryEvents(string sql, Action<DbCommand> bind)
    {
        using var connection = engine.OpenConnection();
        using var transaction = engine.BeginSnapshot(connection);
        var events = new List<WebhookEvent>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = sql;
            bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var message = SqlMessageStore.MapMessage(reader, 22);
                events.Add(new WebhookEvent(
                    reader.GetInt64(8),
                    reader.GetString(9),
                    reader.GetString(10),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                    (WebhookEventState)reader.GetInt32(12),
                    reader.GetInt32(13),
                    reader.IsDBNull(14) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(14)),
                    reader.IsDBNull(15) ? null : reader.GetInt32(15),
                    reader.IsDBNull(16) ? null : reader.GetString(16),
                    reader.IsDBNull(17) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(17)),
                    MapWebhook(reader),
                    reader.GetString(20),
                    (MessageStatus)reader.GetInt32(18),
                    reader.IsDBNull(19) ? null : reader.GetString(19),
                    message,
                    reader.GetInt64(21)));
            }
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Type == WebhookOutbox.InboxMessage)
            {
                events[i] = events[i] with { Message = events[i].Message with { Files = SqlMessageStore.ReadFiles(connection, transaction, events[i].Message.RowId) } };
            }
        }
        return events;
    }

    private static Webhook MapWebhook(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        new AccountId(reader.GetInt64(2)),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries),
        reader.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)));
}
