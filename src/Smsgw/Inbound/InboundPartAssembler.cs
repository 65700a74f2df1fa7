using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Smsgw.Storage;

namespace Smsgw.Inbound;

/// <summary>
/// Joins the parts of a concatenated inbound message: each part is stored before it is acknowledged; the message is
/// stored once, with the part that completes it (in any order, duplicates ignored) or, with a marker for each missing
/// part, when the timeout passes. The store makes those two exclusive per message.
/// </summary>
internal sealed class InboundPartAssembler(
    IInboundPartStore parts,
    InboundMessageReceiver receiver,
    TimeProvider timeProvider,
    ILogger<InboundPartAssembler> logger)
{
    /// <summary>Stores <paramref name="part"/>; when it completes its message, stores the message. Returns once both are durable.</summary>
    public async Task AddAsync(InboundPart part, CancellationToken cancellationToken)
    {
        NewInboundMessage? message = null;
        var result = await parts.AddAsync(part, received => message = Join(received, timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        if (result is not null && message is not null)
        {
            receiver.Committed(message, result);
        }
    }

    /// <summary>Stores every message whose first part is older than <paramref name="timeout"/> with what came; returns how many.</summary>
    public async Task<int> FlushExpiredAsync(TimeSpan timeout, int max, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expired = await parts.ListExpiredAsync(now - timeout, max, cancellationToken).ConfigureAwait(false);
        foreach (var listed in expired)
        {
            try
            {
                // The parts as the store reads them under the message's lock, not as listed: one may have come since.
                IReadOnlyList<InboundPart> joined = [];
                NewInboundMessage? message = null;
                var result = await parts.FlushAsync(listed[0], now - timeout, now, received => message = Join(joined = received, now), cancellationToken).ConfigureAwait(false);
                if (result is not null && message is not null)
                {
                    InboundLog.InboundPartsTimedOut(logger, listed[0].Carrier, listed[0].Total, listed[0].Total - joined.Count);
                    receiver.Committed(message, result);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One message that cannot be stored must not hold back the others, nor the purge below.
                InboundLog.InboundPartsStoreFailed(logger, listed[0].Carrier, listed[0].Total, ex);
            }
        }
        await parts.PurgeFinishedAsync(now - timeout, cancellationToken).ConfigureAwait(false);
        return expired.Count;
    }

    /// <summary>
    /// The message of <paramref name="received"/> (in part order), a marker where a part is missing. Its external id
    /// names the message by its key and first part, so should a store be repeated it is still stored once.
    /// </summary>
    private static NewInboundMessage Join(IReadOnlyList<InboundPart> received, DateTimeOffset now)
    {
        var first = received[0];
        var text = new StringBuilder();
        var next = 0;
        for (var partNo = 1; partNo <= first.Total; partNo++)
        {
            if (next < received.Count && received[next].PartNo == partNo)
            {
                text.Append(received[next++].Text);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"[part {partNo} of {first.Total} missing]");
            }
        }
        var firstReceived = received.Min(p => p.ReceivedAt).ToUnixTimeMilliseconds();
        var externalId = string.Create(CultureInfo.InvariantCulture, $"{first.Carrier}:parts:{first.Sender}:{first.Receiver}:{first.Reference}:{first.Total}:{firstReceived}");
        return new NewInboundMessage(first.AccountId, first.Sender, first.Receiver, text.ToString(), now, externalId, []);
    }
}
