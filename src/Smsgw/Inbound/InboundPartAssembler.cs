using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Smsgw.Storage;

namespace Smsgw.Inbound;

/// <summary>
/// Joins the parts of a concatenated inbound message: each part is stored before it is acknowledged; the message is
/// stored once, when its last part arrives (in any order, duplicates ignored) or, with a marker for each missing
/// part, when the timeout passes.
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
        var stored = await parts.AddAsync(part, cancellationToken).ConfigureAwait(false);
        if (stored is not null && stored.Count == part.Total)
        {
            await StoreMessageAsync(stored, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stores every message whose first part is older than <paramref name="timeout"/> with what came; returns how many.</summary>
    public async Task<int> FlushExpiredAsync(TimeSpan timeout, int max, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expired = await parts.ListExpiredAsync(now - timeout, max, cancellationToken).ConfigureAwait(false);
        foreach (var message in expired)
        {
            InboundLog.InboundPartsTimedOut(logger, message[0].Carrier, message[0].Total, message[0].Total - message.Count);
            try
            {
                await StoreMessageAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One message that cannot be stored must not hold back the others, nor the purge below.
                InboundLog.InboundPartsStoreFailed(logger, message[0].Carrier, message[0].Total, ex);
            }
        }
        await parts.PurgeFinishedAsync(now - timeout, cancellationToken).ConfigureAwait(false);
        return expired.Count;
    }

    /// <summary>The message, then the parts marked finished: a crash between the two stores it again under the same external id, once.</summary>
    private async Task StoreMessageAsync(IReadOnlyList<InboundPart> received, CancellationToken cancellationToken)
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
        var result = await receiver.ReceiveAsync(new InboundSubmission(first.AccountId, first.Sender, first.Receiver, text.ToString(), [], externalId), cancellationToken).ConfigureAwait(false);
        if (result is InboundReceiveResult.Invalid invalid)
        {
            throw new InvalidOperationException($"inbound message refused: {invalid.Reason}");
        }
        await parts.FinishAsync(first, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }
}
