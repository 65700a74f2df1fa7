using Microsoft.Extensions.Logging;
using Smsgw.Messages;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Text;
using Smsgw.Storage;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// One SMSC connection as a carrier: submits each part through one of the bound sessions its
/// <see cref="SmppConnectionLoop"/>s keep (<see cref="SmppConnectionOptions.Binds"/>), in order through its
/// <see cref="SmppSubmitQueue"/>, and answers with one canonical carrier id per part.
/// </summary>
/// <remarks>
/// No session bound, a dropped session or a submit whose response never came (timeout) all answer
/// <see cref="CarrierSubmitResult.TryLater"/>. Each part of a long message is recorded as its <c>submit_sm_resp</c>
/// arrives, and every attempt uses the message's one concatenation reference and the same split: a retry, or the
/// resolution of an in-doubt message after a crash, sends only the parts the SMSC has not acknowledged, and they join
/// the ones the handset already has. SMPP cannot ask an SMSC whether it took a PDU whose response was lost, so such a
/// part is sent at least once: the handset may get it twice (same reference and number, so it still reassembles), the
/// gateway never loses it. Throttling (<c>ESME_RTHROTTLED</c>, <c>ESME_RMSGQFUL</c>) holds every submit of the
/// connection for <see cref="SmppConnectionOptions.ThrottleDelay"/> and the part is retried in place, ahead of the
/// submits queued behind it; only after <see cref="SmppSubmitQueue.ThrottledTries"/> does the message go back to the
/// dispatcher.
/// </remarks>
internal sealed class SmppCarrier(SmppConnectionOptions options, TimeProvider timeProvider, ILogger<SmppCarrier> logger, SmppMetrics metrics) : ICarrier, IDisposable
{
    private readonly SmppSubmitQueue _queue = new(options, timeProvider, logger, metrics);

    public string Name => options.Name;

    public SmppConnectionOptions Options => options;

    public SmsTextProfile TextProfile => options.TextProfile;

    /// <summary>Called by a connection loop when its session is bound: it takes submits from now on.</summary>
    public void Attach(SmppClient transmitter) => _queue.Attach(transmitter);

    /// <summary>Called by a connection loop when its session is gone.</summary>
    public void Detach(SmppClient transmitter) => _queue.Detach(transmitter);

    public void Dispose() => _queue.Dispose();

    public async Task<CarrierSubmitResult> SubmitAsync(CarrierSubmission submission, CancellationToken cancellationToken)
    {
        if (!_queue.IsBound)
        {
            return new CarrierSubmitResult.TryLater(options.ReconnectDelay, $"SMPP connection {Name} is not bound");
        }
        IReadOnlyList<SubmitSm> pdus;
        try
        {
            pdus = SmppSubmitBuilder.Build(submission, options, submission.ConcatenationReference);
        }
        catch (ArgumentException ex)
        {
            // The message cannot be expressed in SMPP (a field too long, text outside the chosen alphabet): no retry helps.
            return new CarrierSubmitResult.Refused(MessageStatus.Rejected, $"SMPP {Name}: {ex.Message}");
        }
        var ids = new string?[pdus.Count];
        foreach (var part in submission.SubmittedParts)
        {
            // Only parts this connection took: its split and reference are the ones rebuilt above.
            if (part.Carrier == Name && part.PartNo >= 1 && part.PartNo <= pdus.Count)
            {
                ids[part.PartNo - 1] = part.CarrierMessageId;
            }
        }
        var records = new List<Task>();
        var result = await SubmitPartsAsync(submission, pdus, ids, records, cancellationToken).ConfigureAwait(false);
        // The records ran alongside the later parts; the retry that may follow must find them.
        await Task.WhenAll(records).ConfigureAwait(false);
        return result;
    }

    /// <summary>Submits the parts without an id yet, filling <paramref name="ids"/> and starting a record of each taken part.</summary>
    private async Task<CarrierSubmitResult> SubmitPartsAsync(
        CarrierSubmission submission, IReadOnlyList<SubmitSm> pdus, string?[] ids, List<Task> records, CancellationToken cancellationToken)
    {
        // One place in the queue for the whole message: a later part goes ahead of messages queued meanwhile.
        var ticket = _queue.NewTicket();
        for (var i = 0; i < pdus.Count; i++)
        {
            if (ids[i] is not null)
            {
                continue;
            }
            var anyTaken = ids.Any(id => id is not null);
            SubmitSmResp? response;
            try
            {
                response = await _queue.SubmitAsync(pdus[i], ticket, submission.MessageId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SmppException or SmppPduException)
            {
                // Closed, timed out or a garbled answer: the SMSC may or may not have this part. Sent again (at
                // least once), and in doubt meanwhile; at once when another session of the connection is still bound.
                SmppCarrierLog.SubmitUnanswered(logger, Name, submission.MessageId, i + 1, ex.Message);
                var after = ex is SmppSessionClosedException && _queue.IsBound ? TimeSpan.Zero : options.ReconnectDelay;
                return new CarrierSubmitResult.TryLater(after, $"SMPP {Name}: no submit_sm_resp ({ex.Message})", InDoubt: true);
            }
            if (response is null)
            {
                return new CarrierSubmitResult.TryLater(options.ReconnectDelay, $"SMPP connection {Name} is not bound", InDoubt: anyTaken);
            }
            if (response.CommandStatus == CommandStatus.Ok)
            {
                var id = SmppMessageIds.Canonical(response.MessageId, options.MessageIdFormat, options.MessageIdFormat);
                ids[i] = id;
                if (pdus.Count > 1)
                {
                    records.Add(submission.PartSubmittedAsync(new SubmittedPart(i + 1, Name, id)));
                }
                continue;
            }
            var detail = SmppStatusNames.Describe(response);
            if (SmppSubmitQueue.IsThrottling(response.CommandStatus))
            {
                // Still throttled after its tries in place. With parts taken the message is partly at the SMSC: in
                // doubt, so not cancellable, and UNKNOWN rather than EXPIRED should its validity end before the rest goes out.
                return new CarrierSubmitResult.TryLater(options.ThrottleDelay, $"SMPP {Name}: {detail}", InDoubt: anyTaken);
            }
            SmppCarrierLog.SubmitRefused(logger, Name, submission.MessageId, i + 1, detail);
            return new CarrierSubmitResult.Refused(MessageStatus.Rejected, pdus.Count > 1 ? $"{detail} (part {i + 1} of {pdus.Count})" : detail);
        }
        return new CarrierSubmitResult.Accepted([.. ids.Select(id => id!)]);
    }
}
