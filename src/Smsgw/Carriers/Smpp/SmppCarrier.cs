using Microsoft.Extensions.Logging;
using Smsgw.Messages;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Text;
using Smsgw.Storage;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// One SMSC connection as a carrier: submits each part through the bound session its
/// <see cref="SmppConnectionLoop"/> keeps, at the window's speed, and answers with one canonical carrier id per part.
/// </summary>
/// <remarks>
/// Not bound, a dropped session or a submit whose response never came (timeout) all answer
/// <see cref="CarrierSubmitResult.TryLater"/>. Each part of a long message is recorded as its <c>submit_sm_resp</c>
/// arrives, and every attempt uses the message's one concatenation reference and the same split: a retry, or the
/// resolution of an in-doubt message after a crash, sends only the parts the SMSC has not acknowledged, and they join
/// the ones the handset already has. SMPP cannot ask an SMSC whether it took a PDU whose response was lost, so such a
/// part is sent at least once: the handset may get it twice (same reference and number, so it still reassembles), the
/// gateway never loses it. Throttling (<c>ESME_RTHROTTLED</c>, <c>ESME_RMSGQFUL</c>) holds every submit of the
/// connection for <see cref="SmppConnectionOptions.ThrottleDelay"/>; a throttled first part comes back to the
/// dispatcher, a later part is first retried in place so the parts of a message reach the handset close together.
/// </remarks>
internal sealed class SmppCarrier(SmppConnectionOptions options, TimeProvider timeProvider, ILogger<SmppCarrier> logger) : ICarrier
{
    private const int InPlaceThrottleRetries = 10;

    private readonly Lock _pacing = new();
    private SmppClient? _transmitter;
    private DateTimeOffset _heldUntil;
    private DateTimeOffset _nextSlot;

    public string Name => options.Name;

    public SmppConnectionOptions Options => options;

    public SmsTextProfile TextProfile => options.TextProfile;

    /// <summary>Called by the connection loop when a session is bound (or null when it is gone).</summary>
    public void Attach(SmppClient? transmitter) => Volatile.Write(ref _transmitter, transmitter);

    public async Task<CarrierSubmitResult> SubmitAsync(CarrierSubmission submission, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _transmitter) is not { } client || !SmppSessionStateTable.IsBound(client.Session.State))
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
        var result = await SubmitPartsAsync(client, submission, pdus, ids, records, cancellationToken).ConfigureAwait(false);
        // The records ran alongside the later parts; the retry that may follow must find them.
        await Task.WhenAll(records).ConfigureAwait(false);
        return result;
    }

    /// <summary>Submits the parts without an id yet, filling <paramref name="ids"/> and starting a record of each taken part.</summary>
    private async Task<CarrierSubmitResult> SubmitPartsAsync(
        SmppClient client, CarrierSubmission submission, IReadOnlyList<SubmitSm> pdus, string?[] ids, List<Task> records, CancellationToken cancellationToken)
    {
        for (var i = 0; i < pdus.Count; i++)
        {
            if (ids[i] is not null)
            {
                continue;
            }
            for (var attempt = 0; ; attempt++)
            {
                await WaitForSlotAsync(cancellationToken).ConfigureAwait(false);
                SubmitSmResp response;
                try
                {
                    response = await client.SubmitAsync(pdus[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SmppException or SmppPduException)
                {
                    // Closed, timed out or a garbled answer: the SMSC may or may not have this part. Sent again (at
                    // least once), and in doubt meanwhile.
                    SmppCarrierLog.SubmitUnanswered(logger, Name, submission.MessageId, i + 1, ex.Message);
                    return new CarrierSubmitResult.TryLater(options.ReconnectDelay, $"SMPP {Name}: no submit_sm_resp ({ex.Message})", InDoubt: true);
                }
                if (response.CommandStatus == CommandStatus.Ok)
                {
                    var id = SmppMessageIds.Canonical(response.MessageId, options.MessageIdFormat, options.MessageIdFormat);
                    ids[i] = id;
                    if (pdus.Count > 1)
                    {
                        records.Add(submission.PartSubmittedAsync(new SubmittedPart(i + 1, Name, id)));
                    }
                    break;
                }
                var anyTaken = ids.Any(id => id is not null);
                if (response.CommandStatus is CommandStatus.Throttled or CommandStatus.MessageQueueFull)
                {
                    Hold();
                    SmppCarrierLog.Throttled(logger, Name, submission.MessageId, SmppStatusNames.Describe(response.CommandStatus));
                    if (!anyTaken || attempt >= InPlaceThrottleRetries)
                    {
                        // With parts taken the message is partly at the SMSC: in doubt, so not cancellable, and
                        // UNKNOWN rather than EXPIRED should its validity end before the rest goes out.
                        return new CarrierSubmitResult.TryLater(options.ThrottleDelay, $"SMPP {Name}: {SmppStatusNames.Describe(response.CommandStatus)}", InDoubt: anyTaken);
                    }
                    continue;
                }
                var detail = SmppStatusNames.Describe(response.CommandStatus);
                SmppCarrierLog.SubmitRefused(logger, Name, submission.MessageId, i + 1, detail);
                return new CarrierSubmitResult.Refused(MessageStatus.Rejected, pdus.Count > 1 ? $"{detail} (part {i + 1} of {pdus.Count})" : detail);
            }
        }
        return new CarrierSubmitResult.Accepted([.. ids.Select(id => id!)]);
    }

    private void Hold()
    {
        lock (_pacing)
        {
            var until = timeProvider.GetUtcNow() + options.ThrottleDelay;
            if (until > _heldUntil)
            {
                _heldUntil = until;
            }
        }
    }

    /// <summary>Waits out a throttle hold and, with <see cref="SmppConnectionOptions.MaxSubmitsPerSecond"/>, the next free slot.</summary>
    private Task WaitForSlotAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        DateTimeOffset start;
        lock (_pacing)
        {
            start = _heldUntil > now ? _heldUntil : now;
            if (options.MaxSubmitsPerSecond > 0)
            {
                if (_nextSlot > start)
                {
                    start = _nextSlot;
                }
                _nextSlot = start + TimeSpan.FromSeconds(1.0 / options.MaxSubmitsPerSecond);
            }
        }
        var wait = start - now;
        return wait > TimeSpan.Zero ? Task.Delay(wait, timeProvider, cancellationToken) : Task.CompletedTask;
    }
}
