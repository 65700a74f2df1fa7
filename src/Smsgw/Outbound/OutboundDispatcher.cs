using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Carriers;
using Smsgw.Hosting;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Outbound;

/// <summary>
/// Leases due messages from the store, hands each to its account's carrier and records what the carrier said.
/// A lease that ends without an outcome (crash) is taken again later and marked in doubt, so the carrier can
/// answer with the first attempt instead of sending twice.
/// </summary>
internal sealed class OutboundDispatcher(
    IMessageStore store,
    CarrierRegistry carriers,
    IOptions<OutboundOptions> options,
    OutboundMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OutboundDispatcher> logger) : BackgroundService
{
    /// <summary>Set after a commit of new messages so a worker leases them at once instead of at the next poll.</summary>
    public WakeSignal WorkAdded { get; } = new();

    /// <summary>1 while an idle worker watches the store for the next due message (<see cref="WaitForWorkAsync"/>).</summary>
    private int _watching;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Workers)).Select(_ => Task.Run(() => RunWorkerAsync(stoppingToken), stoppingToken)));

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await DispatchOnceAsync(stoppingToken).ConfigureAwait(false);
                if (handled > 0)
                {
                    continue;
                }
                await WaitForWorkAsync(settings, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                OutboundLog.WorkerFailed(logger, ex);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// An idle worker's sleep: until new work is signalled, the poll interval passes, or (for the one idle worker that
    /// watches the store) a scheduled message falls due. One watcher is enough; eight idle workers each reading the
    /// next due time held eight pooled connections at once for nothing.
    /// </summary>
    private async Task WaitForWorkAsync(OutboundOptions settings, CancellationToken stoppingToken)
    {
        var wait = settings.PollInterval;
        if (Interlocked.CompareExchange(ref _watching, 1, 0) != 0)
        {
            await WorkAdded.WaitAsync(wait, timeProvider, stoppingToken).ConfigureAwait(false);
            return;
        }
        try
        {
            if (await store.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } due)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (due - timeProvider.GetUtcNow()).Ticks));
            }
            await WorkAdded.WaitAsync(wait, timeProvider, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _watching, 0);
        }
    }

    /// <summary>One lease → submit → record round; returns how many messages it handled.</summary>
    internal async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var leased = await store.LeaseDueAsync(timeProvider.GetUtcNow(), settings.LeaseDuration, settings.BatchSize, cancellationToken).ConfigureAwait(false);
        if (leased.Count == 0)
        {
            return 0;
        }
        // Submits must finish and be recorded even when the host is stopping: the carrier may already have them.
        var submits = Task.WhenAll(leased.Select(m => SubmitAsync(m, CancellationToken.None)));
        await KeepLeasedAsync(leased, submits, settings.LeaseDuration).ConfigureAwait(false);
        var outcomes = await submits.ConfigureAwait(false);
        await store.RecordOutcomesAsync(outcomes, timeProvider.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            metrics.Record(outcome);
        }
        return leased.Count;
    }

    /// <summary>
    /// Renews the batch's leases every third of their length until its submits are done: a batch may outlast its lease
    /// (a connection paced to a few submits a second, an SMSC holding back with throttling), and another worker must not
    /// take and send those messages again while this one still has them. Only a crash lets a lease end unrecorded.
    /// </summary>
    private async Task KeepLeasedAsync(IReadOnlyList<LeasedMessage> leased, Task submits, TimeSpan leaseDuration)
    {
        var leases = leased.Select(m => (m.RowId, m.Attempts)).ToList();
        while (true)
        {
            await submits.WaitAsync(leaseDuration / 3, timeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (submits.IsCompleted)
            {
                return;
            }
            try
            {
                await store.RenewLeasesAsync(leases, timeProvider.GetUtcNow() + leaseDuration, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The next tick tries again; meanwhile the lease runs as it was.
                OutboundLog.LeaseRenewalFailed(logger, leased.Count, ex);
            }
        }
    }

    private async Task<DispatchOutcome> SubmitAsync(LeasedMessage message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now >= message.ValidUntil && !message.InDoubt)
        {
            OutboundLog.Expired(logger, message.MessageId);
            return new DispatchOutcome.Failed(message.RowId, message.Attempts, null, MessageStatus.Expired, "validity period ended before submission");
        }
        if (message.InDoubt)
        {
            OutboundLog.InDoubt(logger, message.MessageId);
        }
        var carrier = carriers.Route(message.AccountId, message.Receiver);
        try
        {
            var submission = new CarrierSubmission(message.MessageId, message.AccountId, message.Sender, message.Receiver,
                message.Body, message.Encoding, message.Parts, message.InDoubt)
            {
                ConcatenationReference = message.ConcatenationReference,
                SubmittedParts = message.SubmittedParts,
                // Not the caller's token: like the outcome, a part the carrier took is recorded even while stopping.
                PartSubmittedAsync = part => store.RecordPartSubmittedAsync(message.RowId, part, timeProvider.GetUtcNow(), CancellationToken.None),
            };
            var result = await carrier.SubmitAsync(submission, cancellationToken).ConfigureAwait(false);
            return result switch
            {
                CarrierSubmitResult.Accepted accepted => new DispatchOutcome.Submitted(message.RowId, message.Attempts, carrier.Name, accepted.CarrierMessageIds)
                {
                    PartsRecordedBefore = message.SubmittedParts.Count > 0,
                },
                CarrierSubmitResult.Refused refused => new DispatchOutcome.Failed(message.RowId, message.Attempts, carrier.Name, refused.Status, refused.Detail),
                // A plain "not now" is an answer (the carrier did not take it); an unanswered request is not, and a
                // message some parts of which the carrier took in earlier attempts stays partly with it.
                CarrierSubmitResult.TryLater later => Retry(message with { InDoubt = later.InDoubt || message.SubmittedParts.Count > 0 }, now + later.After, later.Detail),
                _ => throw new InvalidOperationException($"Unknown carrier result {result}"),
            };
        }
        catch (Exception ex)
        {
            // Any failure, a carrier's own timeout (OperationCanceledException) included: the outcome of the whole
            // batch is still recorded. Whether the carrier got the message is unknown, so an in-doubt one stays so.
            var due = now + Backoff(message.Attempts);
            OutboundLog.SubmitFailed(logger, carrier.Name, message.MessageId, due, ex);
            return Retry(message, due, $"carrier error: {ex.Message}");
        }
    }

    private static DispatchOutcome Retry(LeasedMessage message, DateTimeOffset dueAt, string detail) => (dueAt >= message.ValidUntil, message.InDoubt) switch
    {
        (false, _) => new DispatchOutcome.Retry(message.RowId, message.Attempts, dueAt, detail, message.InDoubt),
        (true, false) => new DispatchOutcome.Failed(message.RowId, message.Attempts, null, MessageStatus.Expired, $"validity period ended while retrying ({detail})"),
        // The carrier may have delivered it: no report is available, which is what UNKNOWN says.
        (true, true) => new DispatchOutcome.Failed(message.RowId, message.Attempts, null, MessageStatus.Unknown, $"validity period ended before an earlier attempt could be resolved ({detail})"),
    };

    private TimeSpan Backoff(int attempts)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Min(Math.Max(0, attempts - 1), 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return delay;
    }
}
