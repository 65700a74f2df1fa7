using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

// The window: a fixed array of pending slots indexed by sequence number modulo its length. Data requests
// (submit, deliver, query, …) take one of WindowSize slots; control requests (bind, unbind, enquire_link) one of
// ControlSlots, so a full window never holds back the keep-alive.
public sealed partial class SmppSession
{
    /// <summary>The largest sequence number; the next one after it is 1 (SMPP 3.4 §3.2).</summary>
    internal const uint MaxSequenceNumber = 0x7FFFFFFF;

    private const int ControlSlots = 2;

    private readonly Lock _windowLock = new();
    private readonly PendingRequest?[] _slots;
    private readonly SemaphoreSlim _dataWindow;
    private readonly SemaphoreSlim _controlWindow;
    private uint _nextSequenceNumber = 1;
    private int _pendingCount;

    /// <summary>The sequence number the next request will try first (tests set it to check the wrap).</summary>
    internal uint NextSequenceNumber
    {
        get
        {
            lock (_windowLock)
            {
                return _nextSequenceNumber;
            }
        }

        set
        {
            lock (_windowLock)
            {
                _nextSequenceNumber = value;
            }
        }
    }

    /// <summary>
    /// Sends a request and returns its response (a <c>generic_nack</c> is a response too). Waits for a free window
    /// slot first; the sequence number is assigned here.
    /// </summary>
    /// <param name="request">A request PDU other than <c>outbind</c> and <c>alert_notification</c>, which have no response.</param>
    /// <param name="cancellationToken">Stops waiting; a request already sent keeps its slot until answered or timed out.</param>
    /// <returns>The response.</returns>
    /// <exception cref="ArgumentException">A field does not fit its spec maximum, or the PDU has no response.</exception>
    /// <exception cref="SmppResponseTimeoutException">No response within the response timeout.</exception>
    /// <exception cref="SmppSessionClosedException">The session closed before the response.</exception>
    public async Task<SmppPdu> SendRequestAsync(SmppPdu request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsResponse || request.CommandId is CommandId.Outbind or CommandId.AlertNotification)
        {
            throw new ArgumentException($"{request.CommandId} has no response; use SendAsync.", nameof(request));
        }

        request.GetLength(); // field limits are checked here, in the caller, not in the write loop
        ThrowIfClosed();
        var control = IsControl(request.CommandId);
        var window = control ? _controlWindow : _dataWindow;
        await window.WaitAsync(cancellationToken).ConfigureAwait(false);
        PendingRequest pending;
        try
        {
            pending = Reserve(request, control);
        }
        catch
        {
            window.Release();
            throw;
        }

        Enqueue(request, control);
        return await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a PDU that gets no response (<c>outbind</c>, <c>alert_notification</c>) with the next sequence number.
    /// </summary>
    /// <param name="pdu">The PDU.</param>
    /// <exception cref="SmppSessionClosedException">The session is closed.</exception>
    public void Send(SmppPdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        pdu.GetLength();
        ThrowIfClosed();
        lock (_windowLock)
        {
            pdu.SequenceNumber = _nextSequenceNumber;
            _nextSequenceNumber = Next(_nextSequenceNumber);
        }

        Enqueue(pdu, control: true);
    }

    private static bool IsControl(CommandId commandId) => commandId is
        CommandId.BindTransmitter or CommandId.BindReceiver or CommandId.BindTransceiver
        or CommandId.Unbind or CommandId.EnquireLink;

    private static uint Next(uint sequenceNumber) => sequenceNumber >= MaxSequenceNumber ? 1 : sequenceNumber + 1;

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _broken) != 0)
        {
            throw new SmppSessionClosedException($"The SMPP session is closed: {CloseReason}.");
        }
    }

    /// <summary>Whether a request with <paramref name="sequenceNumber"/> still waits for its response.</summary>
    private bool IsAwaited(uint sequenceNumber)
    {
        lock (_windowLock)
        {
            return _slots[sequenceNumber % (uint)_slots.Length] is { } pending && pending.SequenceNumber == sequenceNumber;
        }
    }

    private PendingRequest Reserve(SmppPdu request, bool control)
    {
        PendingRequest pending;
        lock (_windowLock)
        {
            ThrowIfClosed();
            var sequenceNumber = _nextSequenceNumber;
            while (_slots[sequenceNumber % (uint)_slots.Length] is not null)
            {
                sequenceNumber = Next(sequenceNumber); // a free slot exists: the semaphores bound the pending count
            }

            _nextSequenceNumber = Next(sequenceNumber);
            request.SequenceNumber = sequenceNumber;
            pending = new PendingRequest(this, request.CommandId, sequenceNumber, control);
            _slots[sequenceNumber % (uint)_slots.Length] = pending;
            _pendingCount++;
        }

        pending.Timer = _timeProvider.CreateTimer(static state => ((PendingRequest)state!).TimedOut(), pending, _options.ResponseTimeout, Timeout.InfiniteTimeSpan);
        return pending;
    }

    /// <summary>Takes the slot of <paramref name="sequenceNumber"/> out of the window, if it is still there.</summary>
    private PendingRequest? Release(uint sequenceNumber, PendingRequest? expected = null)
    {
        PendingRequest? pending;
        lock (_windowLock)
        {
            var index = sequenceNumber % (uint)_slots.Length;
            pending = _slots[index];
            if (pending is null || pending.SequenceNumber != sequenceNumber || (expected is not null && pending != expected))
            {
                return null;
            }

            _slots[index] = null;
            _pendingCount--;
        }

        pending.Timer?.Dispose();
        (pending.IsControl ? _controlWindow : _dataWindow).Release();
        return pending;
    }

    private void CompleteRequest(SmppPdu response)
    {
        var pending = Release(response.SequenceNumber);
        if (pending is null)
        {
            _logger.UnexpectedResponse(Id, response.CommandId, response.SequenceNumber);
            return;
        }

        if (response.CommandId != CommandId.GenericNack && (uint)response.CommandId != ((uint)pending.CommandId | 0x80000000))
        {
            pending.Completion.TrySetException(new SmppPduException(
                CommandStatus.UnknownError,
                null,
                $"{response.CommandId} (sequence {response.SequenceNumber}) does not answer {pending.CommandId}."));
            return;
        }

        pending.Completion.TrySetResult(response);
    }

    private void FailRequest(uint sequenceNumber, Exception exception) =>
        Release(sequenceNumber)?.Completion.TrySetException(exception);

    private void FailAll(string reason)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            PendingRequest? pending;
            lock (_windowLock)
            {
                pending = _slots[i];
            }

            if (pending is not null && Release(pending.SequenceNumber, pending) is { } released)
            {
                released.Completion.TrySetException(new SmppSessionClosedException($"The SMPP session closed before {released.CommandId} (sequence {released.SequenceNumber}) was answered: {reason}."));
            }
        }
    }

    private sealed class PendingRequest(SmppSession session, CommandId commandId, uint sequenceNumber, bool isControl)
    {
        public CommandId CommandId { get; } = commandId;

        public uint SequenceNumber { get; } = sequenceNumber;

        public bool IsControl { get; } = isControl;

        public TaskCompletionSource<SmppPdu> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ITimer? Timer { get; set; }

        public void TimedOut()
        {
            if (session.Release(SequenceNumber, this) is not null)
            {
                session._logger.ResponseTimedOut(session.Id, CommandId, SequenceNumber);
                Completion.TrySetException(new SmppResponseTimeoutException($"No response to {CommandId} (sequence {SequenceNumber}) within {session._options.ResponseTimeout}."));
            }
        }
    }
}
