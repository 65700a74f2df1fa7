using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smsgw.Inbound;
using Smsgw.Storage;

namespace Smsgw.Carriers.Simulator;

/// <summary>Plays the simulator's stored receipts and replies when they fall due, then forgets them.</summary>
internal sealed class SimulatorEventLoop(
    SimulatorCarrier carrier,
    ISimulatorStore store,
    DeliveryReceiptProcessor receipts,
    InboundMessageReceiver inbound,
    TimeProvider timeProvider,
    ILogger<SimulatorEventLoop> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    private const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var played = await PlayDueAsync(stoppingToken);
                if (played == Batch)
                {
                    continue;
                }
                var next = await store.NextDueAsync(stoppingToken);
                var wait = next is { } due ? due - timeProvider.GetUtcNow() : IdlePoll;
                await carrier.EventsAdded.WaitAsync(wait < IdlePoll ? wait : IdlePoll, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                CarrierLog.SimulatorLoopFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> PlayDueAsync(CancellationToken cancellationToken)
    {
        var due = await store.DueEventsAsync(timeProvider.GetUtcNow(), Batch, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }
        var receiptEvents = due.Where(e => e.Kind == SimulatorEventKind.Receipt)
            .Select(e => new DeliveryReceipt(SimulatorCarrier.CarrierName, e.CarrierMessageId, e.Status, null, timeProvider.GetUtcNow()))
            .ToList();
        if (receiptEvents.Count > 0)
        {
            await receipts.ApplyAsync(receiptEvents, cancellationToken);
        }
        foreach (var reply in due.Where(e => e.Kind == SimulatorEventKind.Reply))
        {
            // The external id makes a replay after a crash (played, not yet forgotten) store the reply once.
            await inbound.ReceiveAsync(new InboundSubmission(reply.AccountId, reply.Sender, reply.Receiver, reply.Text ?? "",
                [], $"{SimulatorCarrier.CarrierName}-reply-{reply.CarrierMessageId}"), cancellationToken);
        }
        await store.DeleteEventsAsync(due.Select(e => e.Id).ToList(), cancellationToken);
        return due.Count;
    }
}
