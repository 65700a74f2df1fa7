using Microsoft.Extensions.Logging;
using Smsgw.Hosting;

namespace Smsgw.Outbound;

internal static partial class OutboundLog
{
    [LoggerMessage(EventIds.Outbound + 1, LogLevel.Error, "Dispatcher worker failed; backing off")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventIds.Outbound + 2, LogLevel.Warning, "Carrier {Carrier} failed on message {MessageId}; retrying at {DueAt}")]
    public static partial void SubmitFailed(ILogger logger, string carrier, string messageId, DateTimeOffset dueAt, Exception exception);

    [LoggerMessage(EventIds.Outbound + 3, LogLevel.Information, "Message {MessageId} expired before a carrier took it")]
    public static partial void Expired(ILogger logger, string messageId);

    [LoggerMessage(EventIds.Outbound + 4, LogLevel.Information, "Message {MessageId} was in doubt after a restart; its carrier resolves it before any resend")]
    public static partial void InDoubt(ILogger logger, string messageId);

    [LoggerMessage(EventIds.Outbound + 5, LogLevel.Warning, "Renewing the lease of {Count} messages being submitted failed; trying again")]
    public static partial void LeaseRenewalFailed(ILogger logger, int count, Exception exception);
}
