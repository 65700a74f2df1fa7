using Microsoft.Extensions.Logging;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// The order in which one connection's submits go out over its bound sessions. A submit waits its turn by ticket (a
/// message's parts share one), then goes to the bound session with the most free window, so writes leave in ticket
/// order. A throttled one (<c>ESME_RTHROTTLED</c>, <c>ESME_RMSGQFUL</c>) holds every session of the connection for
/// <see cref="SmppConnectionOptions.ThrottleDelay"/> and goes back in under its own ticket, ahead of the submits that
/// queued behind it, up to <see cref="ThrottledTries"/> times.
/// </summary>
/// <remarks>
/// An SMSC answers <c>ESME_RTHROTTLED</c> because the connection goes faster than its account allows, and after the
/// hold it would again: against one that takes 2,000 submits a second in bursts of a tenth of that, holding alone gave
/// 204 a second (bench smpp-throttle). So that answer also paces the connection, as TCP paces a congested link: to 80 %
/// of the rate it was sending at (or of its pace), once per round of submits sent at that rate, then 2 % faster for each
/// second it sends at its pace unthrottled. Against that SMSC the pace settles a little under its rate.
/// <c>ESME_RMSGQFUL</c> (a full queue, not a rate) only holds. <see cref="SmppConnectionOptions.MaxSubmitsPerSecond"/>
/// stays a ceiling.
/// <para>
/// One lock guards the queue, the window counts and the hold, and a throttled answer re-queues its submit under the
/// same lock that frees its window slot: nothing behind it can slip into that slot first. Grants are sent by one
/// thread at a time, in grant order, so the write order is the ticket order, not the order in which continuations run.
/// </para>
/// </remarks>
internal sealed class SmppSubmitQueue : IDisposable
{
    /// <summary>Tries of one part against a throttling SMSC before it goes back to the dispatcher.</summary>
    public const int ThrottledTries = 10;

    /// <summary>What a throttle leaves of the rate the connection was sending at.</summary>
    public const double PaceDecrease = 0.8;

    /// <summary>How much faster the pace gets for each second the connection sends at it without a throttle.</summary>
    public const double PaceIncrease = 1.02;

    /// <summary>The slowest pace a throttle sets: an SMSC that throttles whatever the rate still gets this many a second.</summary>
    public const double MinimumPace = 10;

    /// <summary>The most submits a paced connection sends at once after a late wake-up, in time at its pace.</summary>
    private static readonly TimeSpan PaceBurst = TimeSpan.FromMilliseconds(20);

    private readonly SmppConnectionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SmppMetrics _metrics;
    private readonly Lock _lock = new();
    private readonly List<BoundSession> _sessions = [];
    private readonly PriorityQueue<Waiter, long> _waiting = new();
    private readonly ITimer _wake;
    private long _nextTicket;
    private bool _pumping;
    private DateTimeOffset _heldUntil;
    private DateTimeOffset _nextSlot;

    /// <summary>Submits a second the last throttle left the connection to (0: never throttled, the window alone paces).</summary>
    private double _pace;

    /// <summary>When the pace was last cut: a throttle of a submit sent before then was answered to the old rate.</summary>
    private DateTimeOffset _cutAt;

    /// <summary>Since when <see cref="_sentAtPace"/> counts, toward the pace's next rise.</summary>
    private DateTimeOffset _pacedAt;
    private int _sentAtPace;

    /// <summary>Submits sent since <see cref="_sendingSince"/>: the rate a throttle cuts. Restarted each second and after each hold.</summary>
    private int _sentSince;
    private DateTimeOffset _sendingSince;
    private double _lastSecondRate;

    public SmppSubmitQueue(SmppConnectionOptions options, TimeProvider timeProvider, ILogger logger, SmppMetrics metrics)
    {
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        metrics.ObservePace(options.Name, () =>
        {
            lock (_lock)
            {
                return _pace;
            }
        });
        _wake = timeProvider.CreateTimer(_ => Pump(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether any session of the connection is bound now.</summary>
    public bool IsBound
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Exists(static s => s.IsBound); // per message: no enumerator
            }
        }
    }

    /// <summary>The statuses that ask the ESME to slow down and try again (SMPP 3.4 §5.1.3), not to give the message up.</summary>
    public static bool IsThrottling(CommandStatus status) => status is CommandStatus.Throttled or CommandStatus.MessageQueueFull;

    /// <summary>A place in the queue for one message: its parts and their retries all go in under it.</summary>
    public long NewTicket() => Interlocked.Increment(ref _nextTicket);

    /// <summary>A bound session takes submits from now on.</summary>
    public void Attach(SmppClient client)
    {
        lock (_lock)
        {
            _sessions.Add(new BoundSession(client));
        }
        Pump();
    }

    /// <summary>A session that closed takes no more submits; those it has in flight fail on it.</summary>
    public void Detach(SmppClient client)
    {
        lock (_lock)
        {
            _sessions.RemoveAll(s => s.Client == client);
        }
        Pump();
    }

    /// <summary>
    /// Sends <paramref name="pdu"/> in its turn and returns the SMSC's answer: taken, refused, or still throttled after
    /// <see cref="ThrottledTries"/>; null when no session of the connection is bound. Throws what the session throws
    /// when the answer never came (<see cref="SmppException"/>).
    /// </summary>
    public async Task<SubmitSmResp?> SubmitAsync(SubmitSm pdu, long ticket, string messageId, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(pdu, ticket, messageId);
        lock (_lock)
        {
            _waiting.Enqueue(waiter, ticket);
        }
        Pump();
        using (cancellationToken.Register(() => Cancel(waiter, cancellationToken)))
        {
            return await waiter.Done.Task.ConfigureAwait(false);
        }
    }

    public void Dispose() => _wake.Dispose();

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Only a waiter still queued ends now: one on the wire keeps its window slot until its answer, and then
            // ends even if throttled (it is not queued again for a caller that gave up).
            if (!_waiting.Remove(waiter, out _, out _))
            {
                waiter.Cancelled = true;
                return;
            }
        }
        waiter.Done.TrySetCanceled(cancellationToken);
    }

    /// <summary>Sends every waiter that may go now, front first; whoever finds a pump running leaves the work to it.</summary>
    private void Pump()
    {
        lock (_lock)
        {
            if (_pumping)
            {
                return;
            }
            _pumping = true;
        }
        try
        {
            while (true)
            {
                Waiter waiter;
                BoundSession? session;
                lock (_lock)
                {
                    // The pumping flag is cleared under the same lock every change is made under: a change after this
                    // check finds the flag clear and pumps itself.
                    if (!TryTakeNext(out waiter, out session))
                    {
                        _pumping = false;
                        return;
                    }
                }
                if (session is null)
                {
                    waiter.Done.TrySetResult(null);
                    continue;
                }
                // The slot was counted free, so the session's own window lets it through at once and it is written now.
                var response = session.Client.SubmitAsync(waiter.Pdu, CancellationToken.None);
                _ = AnsweredAsync(waiter, session, response);
            }
        }
        catch
        {
            // Whatever threw, a flag left set would stop every later submit of the connection for good.
            lock (_lock)
            {
                _pumping = false;
            }
            throw;
        }
    }

    private bool TryTakeNext(out Waiter waiter, out BoundSession? session)
    {
        waiter = null!;
        session = null;
        if (_waiting.Count == 0)
        {
            return false;
        }
        var now = _timeProvider.GetUtcNow();
        if (_heldUntil > now)
        {
            WakeAt(_heldUntil, now);
            return false;
        }
        // Per submit on the hot path: a plain loop, no enumerator or closure.
        BoundSession? free = null;
        var anyBound = false;
        foreach (var candidate in _sessions)
        {
            if (!candidate.IsBound)
            {
                continue;
            }
            anyBound = true;
            if (candidate.InFlight < _options.WindowSize && (free is null || candidate.InFlight < free.InFlight))
            {
                free = candidate;
            }
        }
        if (!anyBound)
        {
            waiter = _waiting.Dequeue();
            return true;
        }
        if (free is null)
        {
            // An answer frees a slot and pumps again.
            return false;
        }
        var rate = Rate(now);
        if (rate > 0)
        {
            // Slots fall due at the pace. A wake-up sends every slot that fell due since the last one, up to
            // PaceBurst's worth: a timer fires a millisecond apart at best, and one submit a wake-up held a pace of
            // 2,000 a second to ~450 (bench smpp-throttle).
            if (_nextSlot < now - PaceBurst)
            {
                // Idle (or a wake-up far too late): no burst to make up for it, so a ceiling stays a ceiling.
                _nextSlot = now;
            }
            if (_nextSlot > now)
            {
                WakeAt(_nextSlot, now);
                return false;
            }
            _nextSlot += TimeSpan.FromSeconds(1.0 / rate);
        }
        CountSent(now);
        waiter = _waiting.Dequeue();
        waiter.SentAt = now;
        free.InFlight++;
        session = free;
        return true;
    }

    private async Task AnsweredAsync(Waiter waiter, BoundSession session, Task<SubmitSmResp> response)
    {
        await ((Task)response).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var throttled = response.IsCompletedSuccessfully && IsThrottling(response.Result.CommandStatus);
        var again = false;
        double cutFrom = 0, paced = 0;
        lock (_lock)
        {
            session.InFlight--;
            if (throttled)
            {
                var now = _timeProvider.GetUtcNow();
                if (response.Result.CommandStatus == CommandStatus.Throttled && waiter.SentAt >= _cutAt)
                {
                    // The first throttle of submits sent at this rate: the others on the wire with it were sent at the
                    // same rate, and cutting for each would cut by 0.8 to the power of the window.
                    (cutFrom, paced) = Throttle(now);
                }
                var until = now + _options.ThrottleDelay;
                if (until > _heldUntil)
                {
                    _heldUntil = until;
                    _sendingSince = until;
                    _sentSince = 0;
                }
                if (++waiter.ThrottledCount < ThrottledTries && !waiter.Cancelled)
                {
                    _waiting.Enqueue(waiter, waiter.Ticket);
                    again = true;
                }
            }
        }
        if (throttled)
        {
            SmppCarrierLog.Throttled(_logger, _options.Name, waiter.MessageId, SmppStatusNames.Describe(response.Result.CommandStatus));
            _metrics.Throttled(_options.Name, response.Result.CommandStatus == CommandStatus.MessageQueueFull);
            if (paced > 0)
            {
                SmppCarrierLog.Paced(_logger, _options.Name, cutFrom, paced);
            }
        }
        if (!again)
        {
            if (response.IsCompletedSuccessfully)
            {
                waiter.Done.TrySetResult(response.Result);
            }
            else
            {
                waiter.Done.TrySetException(response.Exception?.InnerException ?? new SmppSessionClosedException("The SMPP submit was cancelled."));
            }
        }
        Pump();
    }

    /// <summary>The pace submits go at now (0: as fast as the window lets them); called under the lock.</summary>
    private double Rate(DateTimeOffset now)
    {
        var elapsed = now - _pacedAt;
        if (_pace > 0 && elapsed >= TimeSpan.FromSeconds(1))
        {
            // Only seconds sent at the pace raise it: a quiet connection has not tried its pace, and raising it anyway
            // would leave a later throttle cutting from a rate never sent.
            var seconds = Math.Floor(elapsed.TotalSeconds);
            if (_sentAtPace >= 0.9 * _pace * seconds)
            {
                _pace = Math.Min(_pace * Math.Pow(PaceIncrease, Math.Min(seconds, 60)), 1e6);
            }
            _pacedAt = now;
            _sentAtPace = 0;
        }
        var ceiling = _options.MaxSubmitsPerSecond;
        return ceiling > 0 && (_pace == 0 || ceiling < _pace) ? ceiling : _pace;
    }

    /// <summary>Counts a submit sent now toward the rate a throttle cuts and the pace's rise; called under the lock.</summary>
    private void CountSent(DateTimeOffset now)
    {
        var elapsed = now - _sendingSince;
        if (elapsed >= TimeSpan.FromSeconds(1))
        {
            // A second that ran into a quiet spell says nothing of the rate the connection sends at.
            _lastSecondRate = elapsed < TimeSpan.FromSeconds(2) ? _sentSince / elapsed.TotalSeconds : 0;
            _sendingSince = now;
            _sentSince = 0;
        }
        _sentSince++;
        _sentAtPace++;
    }

    /// <summary>Cuts the pace for a throttle answered now; returns the rate it cut from and the new pace. Called under the lock.</summary>
    private (double From, double Pace) Throttle(DateTimeOffset now)
    {
        var elapsed = (now - _sendingSince).TotalSeconds;
        var measured = _sentSince / Math.Max(elapsed, 0.001);
        var current = Rate(now);
        // Over a tenth of a second or more the rate sent is known (below the pace when the queue ran short: the SMSC
        // throttled that lower rate). Over less it is a burst's, an overestimate: the pace stands, or on a connection
        // never paced the higher of that and the last busy second's rate; a rate too high costs a hold or two more, a
        // rate too low minutes of climbing 2 % a second.
        var from = current > 0
            ? elapsed >= 0.1 ? Math.Min(current, measured) : current
            : elapsed >= 0.1 ? measured : Math.Max(measured, _lastSecondRate);
        _pace = Math.Max(MinimumPace, from * PaceDecrease);
        _cutAt = now;
        _pacedAt = now;
        _sentAtPace = 0;
        return (from, _pace);
    }

    /// <summary>Pumps again at <paramref name="at"/>; called under the lock, so the latest call sets the timer.</summary>
    /// <remarks>Rounded up to a whole millisecond: the timer truncates, and a 0 ms wait would fire again and again until the clock caught up.</remarks>
    private void WakeAt(DateTimeOffset at, DateTimeOffset now) =>
        _wake.Change(TimeSpan.FromMilliseconds(Math.Ceiling((at - now).TotalMilliseconds)), Timeout.InfiniteTimeSpan);

    private sealed class BoundSession(SmppClient client)
    {
        public SmppClient Client { get; } = client;

        /// <summary>Submits sent on it and not answered yet; never more than the window.</summary>
        public int InFlight { get; set; }

        public bool IsBound => SmppSessionStateTable.IsBound(Client.Session.State);
    }

    private sealed class Waiter(SubmitSm pdu, long ticket, string messageId)
    {
        public SubmitSm Pdu { get; } = pdu;

        public long Ticket { get; } = ticket;

        public string MessageId { get; } = messageId;

        public int ThrottledCount { get; set; }

        /// <summary>When it was last written (set and read under the queue's lock).</summary>
        public DateTimeOffset SentAt { get; set; }

        /// <summary>Its caller gave up while it was on the wire (set and read under the queue's lock).</summary>
        public bool Cancelled { get; set; }

        public TaskCompletionSource<SubmitSmResp?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
