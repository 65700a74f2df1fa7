using Microsoft.Extensions.Logging;
using Smsgw.Hosting;

namespace Smsgw.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventIds.Storage + 1, LogLevel.Error, "A write batch of {Count} operations failed; each caller gets the error")]
    public static partial void WriteBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventIds.Storage + 2, LogLevel.Information, "Store ready: {Provider} at {Location}")]
    public static partial void StoreReady(ILogger logger, string provider, string location);

    [LoggerMessage(EventIds.Storage + 3, LogLevel.Warning, "Released {Count} dispatcher leases left by a previous run; those messages are resolved with their carrier before any resend")]
    public static partial void LeasesReleased(ILogger logger, int count);

    [LoggerMessage(EventIds.Storage + 4, LogLevel.Warning, "WAL checkpoint failed; retrying at the next interval")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventIds.Storage + 5, LogLevel.Error, "The store at {Location} is unreachable: {Problem}. Requests that need it get 503 (105) and /health reports unhealthy until it answers again")]
    public static partial void StoreUnreachable(ILogger logger, string location, string problem);

    [LoggerMessage(EventIds.Storage + 6, LogLevel.Warning, "The store at {Location} answers again")]
    public static partial void StoreReachableAgain(ILogger logger, string location);
}
