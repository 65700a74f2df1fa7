using Microsoft.Extensions.Logging;
using Smsgw.Hosting;

namespace Smsgw.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(EventIds.Webhooks + 1, LogLevel.Error, "Webhook sender failed; backing off")]
    public static partial void SenderFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventIds.Webhooks + 2, LogLevel.Debug, "Webhook event {EventId} to webhook {WebhookId} failed (HTTP {Status}: {Error}); next attempt at {NextAttempt}")]
    public static partial void AttemptFailed(ILogger logger, string eventId, string webhookId, int? status, string? error, DateTimeOffset nextAttempt);

    [LoggerMessage(EventIds.Webhooks + 3, LogLevel.Warning, "Webhook event {EventId} to webhook {WebhookId} is dead after {Attempts} attempts (last: HTTP {Status}: {Error}); replay it with smsgw webhooks replay")]
    public static partial void EventDead(ILogger logger, string eventId, string webhookId, int attempts, int? status, string? error);

    [LoggerMessage(EventIds.Webhooks + 4, LogLevel.Information, "Forgot {Count} finished webhook events created before {Before:u}")]
    public static partial void EventsPurged(ILogger logger, int count, DateTimeOffset before);
}
