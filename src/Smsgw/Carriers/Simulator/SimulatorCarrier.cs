using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Smsgw.Hosting;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Carriers.Simulator;

/// <summary>
/// An in-process carrier whose outcome depends only on the destination's last four digits (README table).
/// What it accepted and what it still owes are stored, so a restart neither loses a receipt nor sends twice.
/// </summary>
internal sealed class SimulatorCarrier(
    ISimulatorStore store,
    IOptions<SimulatorOptions> options,
    TimeProvider timeProvider) : ICarrier
{
    public const string CarrierName = "simulator";

    private long _sequence = RandomNumberGenerator.GetInt32(0xFFFFF);

    public string Name => CarrierName;

    /// <summary>Set when new events are stored, so <see cref="SimulatorEventLoop"/> re-plans its sleep.</summary>
    public WakeSignal EventsAdded { get; } = new();

    public async Task<CarrierSubmitResult> SubmitAsync(CarrierSubmission submission, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var carrierIds = new string[Math.Max(1, submission.Parts)];
        for (var i = 0; i < carrierIds.Length; i++)
        {
            carrierIds[i] = NewCarrierId(now);
        }
        var events = PlanEvents(submission, carrierIds, now);
        // Accept is idempotent by message id: an in-doubt resubmission gets the first attempt's ids back.
        var accepted = await store.AcceptAsync(submission.MessageId, carrierIds, events, now, cancellationToken).ConfigureAwait(false);
        EventsAdded.Set();
        return new CarrierSubmitResult.Accepted(accepted);
    }

    private List<SimulatorEvent> PlanEvents(CarrierSubmission submission, string[] carrierIds, DateTimeOffset now)
    {
        var delay = options.Value.ReceiptDelay;
        var events = new List<SimulatorEvent>();
        var outcome = OutcomeFor(submission.Receiver);
        foreach (var carrierId in carrierIds)
        {
            switch (outcome)
            {
                case SimulatorOutcome.NoReceipt:
                    break;
                case SimulatorOutcome.BufferedThenDelivered:
                    events.Add(Receipt(carrierId, MessageStatus.Buffered, now + delay));
                    events.Add(Receipt(carrierId, MessageStatus.Delivered, now + delay + delay));
                    break;
                case SimulatorOutcome.NotDelivered:
                    events.Add(Receipt(carrierId, MessageStatus.NotDelivered, now + delay));
                    break;
                case SimulatorOutcome.Rejected:
                    events.Add(Receipt(carrierId, MessageStatus.Rejected, now + delay));
                    break;
                default:
                    events.Add(Receipt(carrierId, MessageStatus.Delivered, now + delay));
                    break;
            }
        }
        if (outcome == SimulatorOutcome.DeliveredWithReply)
        {
            // The handset answers from the number we wrote to, to the sender it saw.
            events.Add(new SimulatorEvent(0, now + delay, SimulatorEventKind.Reply, carrierIds[0], MessageStatus.Received,
                submission.AccountId, submission.Receiver, submission.Sender, options.Value.ReplyText));
        }
        return events;

        SimulatorEvent Receipt(string carrierId, MessageStatus status, DateTimeOffset due) =>
            new(0, due, SimulatorEventKind.Receipt, carrierId, status, submission.AccountId, submission.Sender, submission.Receiver, null);
    }

    /// <summary>
    /// 16 hex digits: milliseconds, then a counter — ascending, as many SMSCs number their messages, which also
    /// keeps the receipt-matching index append-only.
    /// </summary>
    private string NewCarrierId(DateTimeOffset now)
    {
        var sequence = (ulong)Interlocked.Increment(ref _sequence) & 0xFFFFF;
        return (((ulong)now.ToUnixTimeMilliseconds() << 20) | sequence).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static SimulatorOutcome OutcomeFor(string receiver) => receiver.Length < 4 ? SimulatorOutcome.Delivered : receiver[^4..] switch
    {
        "0000" => SimulatorOutcome.NotDelivered,
        "0001" => SimulatorOutcome.Rejected,
        "0002" => SimulatorOutcome.BufferedThenDelivered,
        "0003" => SimulatorOutcome.NoReceipt,
        "0009" => SimulatorOutcome.DeliveredWithReply,
        _ => SimulatorOutcome.Delivered,
    };
}

internal enum SimulatorOutcome
{
    Delivered,
    NotDelivered,
    Rejected,
    BufferedThenDelivered,
    NoReceipt,
    DeliveredWithReply,
}
