using System.Data.Common;

namespace Smsgw.Storage.Sql;

/// <summary>
/// Writes webhook events inside the caller's transaction, one per subscribed webhook of the account, so an event
/// exists exactly when the change that causes it was committed. One statement; nothing when no webhook listens. A commit
/// that wrote any wakes the sender (<see cref="WriteContext.WebhookEventsDue"/>); one that wrote none does not.
/// </summary>
internal static class WebhookOutbox
{
    public const string DeliveryReport = "delivery_report";
    public const string InboxMessage = "inbox_message";

    /// <summary>
    /// One event per live webhook of the message's account subscribed to the type, from the message rows of
    /// <paramref name="messages"/>: dated when the message took its status (a receipt's time), due at once.
    /// </summary>
    private static string InsertEvents(SqlEngine engine, string messages) => $"""
        INSERT INTO webhook_events (event_id, webhook_rowid, type, message_rowid, status, status_detail, created_at, state, next_attempt_at)
        SELECT {engine.RandomHexId}, w.id, @type, m.id, m.status, m.status_detail, m.status_at, 0, @now
        FROM {messages} m JOIN webhooks w ON w.account_id = m.account_id AND w.deleted_at IS NULL AND w.types LIKE @typePattern
        """;

    public static void MessageReceived(WriteContext context, long messageRowId, DateTimeOffset now) =>
        Add(context, InboxMessage, [messageRowId], now);

    /// <summary>
    /// A command for <paramref name="update"/> (an UPDATE of messages' status, any number of rows) that also writes each
    /// changed message's delivery report; where the engine can, in the same statement (one round trip on PostgreSQL).
    /// Bind the update's parameters, then run it with <see cref="RunStatusUpdate"/>.
    /// </summary>
    public static DbCommand StatusUpdate(WriteContext context, string update) =>
        context.Command(context.Engine.WritableCtes ? $"""
            WITH u AS ({update} RETURNING messages.id, messages.account_id, messages.status, messages.status_detail, messages.status_at),
            e AS ({InsertEvents(context.Engine, "u")} RETURNING 1)
            SELECT id, (SELECT count(*) FROM e) FROM u
            """ : $"{update} RETURNING id");

    /// <summary>Runs a <see cref="StatusUpdate"/>: the rows whose status changed, each of which now has its delivery report.</summary>
    public static List<long> RunStatusUpdate(WriteContext context, DbCommand command, DateTimeOffset now)
    {
        if (context.Engine.WritableCtes)
        {
            BindEvent(command, DeliveryReport, now);
        }
        var changed = new List<long>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                changed.Add(reader.GetInt64(0));
                if (context.Engine.WritableCtes && changed.Count == 1 && reader.GetInt64(1) > 0)
                {
                    context.WebhookEventsDue = true;
                }
            }
        }
        if (!context.Engine.WritableCtes && changed.Count > 0)
        {
            Add(context, DeliveryReport, changed, now);
        }
        return changed;
    }

    private static void Add(WriteContext context, string type, IReadOnlyList<long> messageRowIds, DateTimeOffset now)
    {
        // The insert looks up every changed message before it finds no webhook for it (two lookups per message and
        // report under the smpp bench, which has none): one probe of the webhooks table first spares that whenever no
        // live webhook takes this type at all.
        if (context.Command("SELECT 1 FROM webhooks WHERE deleted_at IS NULL AND types LIKE @typePattern LIMIT 1").With("@typePattern", TypePattern(type)).ExecuteScalar() is null)
        {
            return;
        }
        var command = context.Command($"{InsertEvents(context.Engine, "messages")} WHERE {context.Engine.InIds("m.id", "@rows")}");
        BindEvent(command, type, now);
        command.With("@rows", context.Engine.Ids(messageRowIds));
        if (command.ExecuteNonQuery() > 0)
        {
            context.WebhookEventsDue = true;
        }
    }

    private static void BindEvent(DbCommand command, string type, DateTimeOffset now) =>
        command.With("@type", type).With("@typePattern", TypePattern(type)).With("@now", now.ToUnixTimeMilliseconds());

    private static string TypePattern(string type) => $"%,{type},%";
}
