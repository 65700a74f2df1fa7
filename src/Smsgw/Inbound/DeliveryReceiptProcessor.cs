using Microsoft.Extensions.Logging;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Inbound;

/// <summary>Every carrier's receipts go through here: applied once, and never silently dropped when unmatched.</summary>
internal sealed class DeliveryReceiptProcessor(IMessageStore store, InboundMetrics metrics, ILogger<DeliveryReceiptProcessor> logger)
{
    public async Task ApplyAsync(IReadOnlyList<DeliveryReceipt> receipts, CancellationToken cancellationToken)
    {
        var results = await store.ApplyDeliveryReceiptsAsync(receipts, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < results.Count; i++)
        {
            metrics.Receipt(receipts[i].Carrier, results[i]);
            if (results[i] == ReceiptMatch.Unmatched)
            {
                InboundLog.ReceiptUnmatched(logger, receipts[i].Carrier, receipts[i].CarrierMessageId, receipts[i].Status.ToWireName());
            }
        }
    }
}
