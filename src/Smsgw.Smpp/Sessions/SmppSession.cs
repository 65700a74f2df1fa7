using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// Received requests the role acts on (bind, submit, deliver, …), after the state table accepted them. Returns the
/// response to write, or null when there is none (or the handler wrote it itself).
/// </summary>
internal delegate ValueTask<SmppPdu?> SmppRequestHandler(SmppSession session, SmppPdu request, CancellationToken cancellationToken);

/// <summary>
/// One SMPP connection, either role: a read loop that frames and decodes, a write loop that sends responses and
/// <c>enquire_link</c> ahead of queued requests, a window of pending requests, and a keep-alive. Created by
/// <see cref="SmppClient"/> (ESME) and <see cref="SmppServer"/> (SMSC).
/// </summary>
/// <remarks>
/// Malformed input is answered with the matching <c>_resp</c> or <c>generic_nack</c> and the session goes on;
/// only lost framing (a bad <c>command_length</c>), the peer closing, an unanswered <c>enquire_link</c>,
/// <c>unbind</c> or <see cref="DisposeAsync"/> end it. No exception escapes its loops; <see cref="Completion"/>
/// never faults.
/// </remarks>
public sealed partial class SmppSession : IAsyncDisposable
{
    private static long s_lastId;

    private readonly SmppSessionOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SmppRequestHandler _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stateLock = new();
    private SmppSessionState _state;
    private PipeReader? _input;
    private PipeWriter? _output;
    private IAsyncDisposable? _transport;
    private int _broken;
    private string? _closeReason;
    private BindRequest? _pendingBind;
    private PeriodicTimer? _keepAliveTimer;

    internal SmppSession(SmppSessionRole role, SmppSessionOptions options, SmppRequestHandler handler, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Role = role;
        _options = options;
        _handler = handler;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Id = Interlocked.Increment(ref s_lastId);
        _slots = new PendingRequest?[options.WindowSize + ControlSlots];
        _dataWindow = new SemaphoreSlim(options.WindowSize, options.WindowSize);
        _controlWindow = new SemaphoreSlim(ControlSlots, ControlSlots);
        _incoming = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
    }

    /// <summary>A number for logs, unique in the process.</summary>
    public long Id { get; }

    /// <summary>Which end this session is.</summary>
    public SmppSessionRole Role { get; }

    /// <summary>The current state.</summary>
    public SmppSessionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The <c>system_id</c> bound with: the ESME's own, or on the SMSC the peer's once authenticated.</summary>
    public string? SystemId { get; private set; }

    /// <summary>The bind mode once bound.</summary>
    public SmppBindMode? BindMode { get; private set; }

    /// <summary>Why the session closed, once it has.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>Completes (never faults) when the session has closed and its loops have ended.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Requests sent and not yet answered.</summary>
    public int PendingRequests
    {
        get
        {
            lock (_windowLock)
            {
                return _pendingCount;
            }
        }
    }

    /// <summary>Closes the session at once, failing every pending request, and waits for its loops to end.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        Break("disposed");
        if (_input is not null)
        {
            await Completion.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// Sends <c>unbind</c> when bound, waits for <c>unbind_resp</c> (or the response timeout), then closes. In any
    /// other state it just closes.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the response; the session closes anyway.</param>
    /// <returns>A task that completes when the session has closed.</returns>
    public async Task UnbindAsync(CancellationToken cancellationToken = default)
    {
        var state = State;
        if (SmppSessionStateTable.IsBound(state) && TryTransition(state, SmppSessionState.Unbinding))
        {
            try
            {
                await SendRequestAsync(new Unbind(), cancellationToken).ConfigureAwait(false);
            }
            catch (SmppException)
            {
                // Timed out or already closed: closing is all that is left.
            }
            finally
            {
                Break("unbound");
            }
        }
        else
        {
            Break("closed before being bound");
        }

        await Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An ESME's bind: Open → Binding, then bound or back to Open by the response (see OnBindResponse).</summary>
    internal async Task<SmppPdu> BindAsync(BindRequest bind, CancellationToken cancellationToken)
    {
        if (!TryTransition(SmppSessionState.Open, SmppSessionState.Binding))
        {
            throw new InvalidOperationException($"An SMPP bind needs an open, unbound session; this one is {State}.");
        }

        _pendingBind = bind;
        try
        {
            return await SendRequestAsync(bind, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pendingBind = null;
            TryTransition(SmppSessionState.Binding, SmppSessionState.Open); // generic_nack, timeout or cancellation
        }
    }

    /// <summary>Moves to <paramref name="state"/> and logs the change; the only place the state changes.</summary>
    internal void TransitionTo(SmppSessionState state)
    {
        SmppSessionState old;
        lock (_stateLock)
        {
            old = _state;
            if (old == state || (old == SmppSessionState.Closed && Volatile.Read(ref _broken) != 0))
            {
                return;
            }

            _state = state;
        }

        _logger.StateChanged(Id, Role, old, state);
    }

    /// <summary>Moves to <paramref name="state"/> only from <paramref name="expected"/>.</summary>
    internal bool TryTransition(SmppSessionState expected, SmppSessionState state)
    {
        lock (_stateLock)
        {
            if (_state != expected)
            {
                return false;
            }
        }

        TransitionTo(state);
        return true;
    }

    internal void OnBound(string systemId, SmppBindMode mode)
    {
        SystemId = systemId;
        BindMode = mode;
        TransitionTo(mode switch
        {
            SmppBindMode.Transmitter => SmppSessionState.BoundTx,
            SmppBindMode.Receiver => SmppSessionState.BoundRx,
            _ => SmppSessionState.BoundTrx,
        });
        _logger.Bound(Id, systemId, mode);
    }

    /// <summary>Attaches the connected transport and starts the loops.</summary>
    /// <param name="transport">The duplex pipe over the connection.</param>
    /// <param name="owner">Disposed when the session closes (the socket or stream), if any.</param>
    internal void Start(IDuplexPipe transport, IAsyncDisposable? owner)
    {
        _input = transport.Input;
        _output = transport.Output;
        _transport = owner;
        TransitionTo(SmppSessionState.Open);

        // The keep-alive period starts now, not when the loop first runs on the thread pool.
        _keepAliveTimer = _options.EnquireLinkInterval > TimeSpan.Zero ? new PeriodicTimer(_options.EnquireLinkInterval, _timeProvider) : null;
        _ = Task.Run(RunAsync);
    }

    /// <summary>
    /// Ends the session: closed state, every pending request failed with <paramref name="reason"/>, loops
    /// stopped, pipes completed and the transport disposed. Idempotent.
    /// </summary>
    internal void Break(string reason)
    {
        if (Interlocked.Exchange(ref _broken, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _closeReason, reason);
        lock (_stateLock)
        {
            var old = _state;
            _state = SmppSessionState.Closed;
            _logger.StateChanged(Id, Role, old, SmppSessionState.Closed);
        }

        _logger.SessionClosed(Id, Role, reason);
        FailAll(reason);
        _drainDeadline?.Dispose();
        try
        {
            _stopping.Cancel();
        }
        catch (AggregateException exception)
        {
            _logger.LoopFailed(Id, "break", exception);
        }

        if (_input is null)
        {
            _completion.TrySetResult();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.WhenAll(ReadLoopAsync(), WriteLoopAsync(), KeepAliveLoopAsync()).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            _logger.LoopFailed(Id, "session", exception);
        }

        Break("loops ended");
        try
        {
            if (_transport is not null)
            {
                await _transport.DisposeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            _logger.LoopFailed(Id, "dispose", exception);
        }

        _completion.TrySetResult();
    }
}
