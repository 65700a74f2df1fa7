using Microsoft.Extensions.Logging;
using Smsgw.Messages;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// One SMSC connection as a carrier: submits each part through the bound session its
/// <see cref="SmppConnectionLoop"/> keeps, at the window's speed, and answers with one canonical carrier id per part.
/// </summary>
/// <remarks>
/// Not bound, a dropped session or a submit whose response never came (timeout) all answer
/// <see cref="CarrierSubmitResult.TryLater"/>: the dispatcher sends the whole message again. SMPP cannot ask an
/// SMSC whether it took a PDU whose response was lost, so such a message, and an in-doubt one after a crash, is
/// sent at least once: the handset may get it twice, the gateway never loses it. Throttling
/// (<c>ESME_RTHROTTLED</c>, <c>ESME_RMSGQFUL</c>) holds every submit of the connection for
/// <see cref="SmppConnectionOptions.ThrottleDelay"/>; a throttled first part comes back to the dispatcher, a later
/// part is retried in place so the parts already taken are not sent twice.
/// </remarks>
internal sealed class SmppCarrier(SmppConnectionOptions options, TimeProvider timeProvider, ILogger<SmppCarrier> logger) : ICarrier
{
    private const int InPlaceThrottleRetries = 10;

    private readonly Lock _pacing = new();
    private SmppClient? _transmitter;
    private DateTimeOffset _heldUntil;
    private DateTimeOffset _nextSlot;
    private int _reference = Random.Shared.Next(0x10000);

    public string Name => options.Name;

    public SmppConnectionOptions Options => options;

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
            pdus = SmppSubmitBuilder.Build(submission, options, Interlocked.Increment(ref _reference));
        }
        catch (ArgumentException ex)
        {
            // The message cannot be expressed in SMPP (a field too long, text outside the chosen alphabet): no retry helps.
            return new CarrierSubmitResult.Refused(MessageStatus.Rejected, $"SMPP {Name}: {ex.Message}");
        }
        var ids = new string[pdus.Count];
        for (var i = 0; i < pdus.Count; i++)
        {
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
                    // Closed, timed out or a garbled answer: the SMSC may or may not have this part. Sent again, whole
                    // (at least once), and in doubt meanwhile.
                    SmppCarrierLog.SubmitUnanswered(logger, Name, submission.MessageId, i + 1, ex.Message);
                    return new CarrierSubmitResult.TryLater(options.ReconnectDelay, $"SMPP {Name}: no submit_sm_resp ({ex.Message})", InDoubt: true);
                }
                if (response.CommandStatus == CommandStatus.Ok)
                {
                    ids[i] = SmppMessageIds.Canonical(response.MessageId, options.MessageIdFormat, options.MessageIdFormat);
                    break;
                }
                if (response.CommandStatus is CommandStatus.Throttled or CommandStatus.MessageQueueFull)
                {
                    Hold();
                    SmppCarrierLog.Throttled(logger, Name, submission.MessageId, SmppStatusNames.Describe(response.CommandStatus));
                    if (i == 0 || attempt >= InPlaceThrottleRetries)
                    {
                        return new CarrierSubmitResult.TryLater(options.ThrottleDelay, $"SMPP {Name}: {SmppStatusNames.Describe(response.CommandStatus)}");
                    }
                    continue;
                }
                var detail = SmppStatusNames.Describe(response.CommandStatus);
                SmppCarrierLog.SubmitRefused(logger, Name, submission.MessageId, i + 1, detail);
                return new CarrierSubmitResult.Refused(MessageStatus.Rejected, pdus.Count > 1 ? $"{detail} (part {i + 1} of {pdus.Count})" : detail);
            }
        }
        return new CarrierSubmitResult.Accepted(ids);
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
