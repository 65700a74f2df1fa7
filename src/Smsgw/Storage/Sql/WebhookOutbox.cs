namespace Smsgw.Storage.Sql;

/// <summary>
/// Writes webhook events inside the caller's transaction, one per subscribed webhook of the account, so an event
/// exists exactly when the change that causes it was committed. One statement; nothing when no webhook listens.
/// </summary>
internal static class WebhookOutbox
{
    public const string DeliveryReport = "delivery_report";
    public const string InboxMessage = "inbox_message";

    private static string Enqueue(SqlEngine engine) => $"""
        INSERT INTO webhook_events (event_id, webhook_rowid, type, message_rowid, status, status_detail, created_at, state, next_attempt_at)
        SELECT {engine.RandomHexId}, w.id, @type, m.id, m.status, m.status_detail, @now, 0, @now
        FROM messages m JOIN webhooks w ON w.account_id = m.account_id AND w.deleted_at IS NULL AND w.types LIKE @typePattern
        WHERE m.id = @row
        """;

    /// <summary>A delivery report with the message's status as it now stands (submitted, buffered, final).</summary>
    public static void MessageStatusChanged(WriteContext context, long messageRowId, DateTimeOffset now) =>
        Add(context, DeliveryReport, messageRowId, now);

    public static void MessageReceived(WriteContext context, long messageRowId, DateTimeOffset now) =>
        Add(context, InboxMessage, messageRowId, now);

    private static void Add(WriteContext context, string type, long messageRowId, DateTimeOffset now)
    {
        var command = context.Command(Enqueue(context.Engine));
        command.With("@type", type);
        command.With("@typePattern", $"%,{type},%");
        command.With("@now", now.ToUnixTimeMilliseconds());
        command.With("@row", messageRowId);
        command.ExecuteNonQuery();
    }
}
