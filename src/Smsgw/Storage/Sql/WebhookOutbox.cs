using System.Data.Common;

namespace Smsgw.Storage.Sql;

/// <summary>
/// Writes webhook events inside the caller's transaction, one per subscribed webhook of the account, so an event
/// exists exactly when the change that causes it was committed. One statement; nothing when no webhook listens.
/// </summary>
internal static class WebhookOutbox
{
    public const string DeliveryReport = "delivery_report";
    public const string InboxMessage = "inbox_message";

    /// <summary>One event per live webhook of the message's account subscribed to the type, from the message rows of <paramref name="messages"/>.</summary>
    private static string InsertEvents(SqlEngine engine, string messages) => $"""
        INSERT INTO webhook_events (event_id, webhook_rowid, type, message_rowid, status, status_detail, created_at, state, next_attempt_at)
        SELECT {engine.RandomHexId}, w.id, @type, m.id, m.status, m.status_detail, @now, 0, @now
        FROM {messages} m JOIN webhooks w ON w.account_id = m.account_id AND w.deleted_at IS NULL AND w.types LIKE @typePattern
        """;

    /// <summary>A delivery report with the message's status as it now stands (submitted, buffered, final).</summary>
    private static void MessageStatusChanged(WriteContext context, long messageRowId, DateTimeOffset now) =>
        Add(context, DeliveryReport, messageRowId, now);

    public static void MessageReceived(WriteContext context, long messageRowId, DateTimeOffset now) =>
        Add(context, InboxMessage, messageRowId, now);

    /// <summary>
    /// A command for <paramref name="update"/> (an UPDATE of one message's status) that, where the engine can, writes the
    /// message's delivery report in the same statement (one round trip on PostgreSQL). Bind the update's parameters,
    /// then run it with <see cref="RunStatusUpdate"/>.
    /// </summary>
    public static DbCommand StatusUpdate(WriteContext context, string update) =>
        context.Command(context.Engine.WritableCtes ? $"""
            WITH u AS ({update} RETURNING id, account_id, status, status_detail),
            e AS ({InsertEvents(context.Engine, "u")})
            SELECT COUNT(*) FROM u
            """ : update);

    /// <summary>Runs a <see cref="StatusUpdate"/>: true when the status changed, and then its delivery report exists.</summary>
    public static bool RunStatusUpdate(WriteContext context, DbCommand command, long messageRowId, DateTimeOffset now)
    {
        if (!context.Engine.WritableCtes)
        {
            if (command.ExecuteNonQuery() != 1)
            {
                return false;
            }
            MessageStatusChanged(context, messageRowId, now);
            return true;
        }
        BindEvent(command, DeliveryReport, now);
        return command.ExecuteScalar().AsInt64() == 1;
    }

    private static void Add(WriteContext context, string type, long messageRowId, DateTimeOffset now)
    {
        var command = context.Command($"{InsertEvents(context.Engine, "messages")} WHERE m.id = @row");
        BindEvent(command, type, now);
        command.With("@row", messageRowId);
        command.ExecuteNonQuery();
    }

    private static void BindEvent(DbCommand command, string type, DateTimeOffset now) =>
        command.With("@type", type).With("@typePattern", $"%,{type},%").With("@now", now.ToUnixTimeMilliseconds());
}
