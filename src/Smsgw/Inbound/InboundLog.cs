using Microsoft.Extensions.Logging;
using Smsgw.Hosting;

namespace Smsgw.Inbound;

internal static partial class InboundLog
{
    [LoggerMessage(EventIds.Inbound + 1, LogLevel.Warning, "Receipt from {Carrier} for unknown carrier message id {CarrierMessageId} (status {Status}): kept in unmatched_receipts")]
    public static partial void ReceiptUnmatched(ILogger logger, string carrier, string carrierMessageId, string status);

    [LoggerMessage(EventIds.Inbound + 2, LogLevel.Information, "Inbound message {RowId} stored for account {AccountId} with {FileCount} files")]
    public static partial void InboundStored(ILogger logger, long rowId, string accountId, int fileCount);

    [LoggerMessage(EventIds.Inbound + 3, LogLevel.Debug, "Inbound message with external id {ExternalId} was already stored as {RowId}")]
    public static partial void InboundRepeated(ILogger logger, string externalId, long rowId);

    [LoggerMessage(EventIds.Inbound + 4, LogLevel.Warning, "Inbound message of {Total} parts from {Carrier} stored incomplete after the timeout ({Missing} missing)")]
    public static partial void InboundPartsTimedOut(ILogger logger, string carrier, int total, int missing);

    [LoggerMessage(EventIds.Inbound + 5, LogLevel.Error, "The inbound parts timeout loop failed; retrying")]
    public static partial void PartsLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventIds.Inbound + 6, LogLevel.Error, "Storing a timed-out inbound message of {Total} parts from {Carrier} failed; the others go on")]
    public static partial void InboundPartsStoreFailed(ILogger logger, string carrier, int total, Exception exception);
}
