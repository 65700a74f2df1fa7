using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// The SMSC role: accepts TCP connections (or is handed duplex pipes), authenticates binds, takes submits and lets
/// the caller send <c>deliver_sm</c> to bound receivers through <see cref="SmppSession.SendRequestAsync"/>.
/// </summary>
public sealed class SmppServer : IAsyncDisposable
{
    private readonly SmppServerOptions _options;
    private readonly SmppServerHandlers _handlers;
    private readonly TimeProvider? _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SmppSession, byte> _sessions = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    /// <summary>Creates a server; call <see cref="Start"/> to listen, or hand it connections with <see cref="StartSession"/>.</summary>
    /// <param name="options">Bind response system id and session settings.</param>
    /// <param name="handlers">What to do with binds, submits and other requests.</param>
    /// <param name="timeProvider">Timers for timeouts and keep-alive; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where sessions log.</param>
    public SmppServer(SmppServerOptions options, SmppServerHandlers handlers, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handlers);
        options.Session.Validate();
        SmppLimits.CString(options.SystemId, 16, "system_id");
        _options = options;
        _handlers = handlers;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The address listened on once started (with the actual port when started on port 0).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The sessions that are open now, bound or not.</summary>
    public IReadOnlyCollection<SmppSession> Sessions => [.. _sessions.Keys];

    /// <summary>Listens on <paramref name="endPoint"/> and accepts connections in the background.</summary>
    /// <param name="endPoint">E.g. <c>127.0.0.1:0</c> for a free port.</param>
    /// <returns>The bound address.</returns>
    public IPEndPoint Start(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (_listener is not null)
        {
            throw new InvalidOperationException("The SMPP server is already listening.");
        }

        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = AcceptLoopAsync(listener);
        return LocalEndPoint;
    }

    /// <summary>Runs the SMSC role over a connection the caller accepted; the session is open and awaits a bind.</summary>
    /// <param name="transport">The duplex pipe over the connection.</param>
    /// <param name="owner">Disposed when the session closes, if given.</param>
    /// <returns>The session; await <see cref="SmppSession.Completion"/> for its end.</returns>
    public SmppSession StartSession(IDuplexPipe transport, IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var session = new SmppSession(SmppSessionRole.Smsc, _options.Session, HandleAsync, _timeProvider, _logger);
        _sessions[session] = 0;
        session.Start(transport, owner);
        _ = ForgetWhenClosedAsync(session);
        if (_stopping.IsCancellationRequested)
        {
            session.Break("server stopping");
        }

        return session;
    }

    /// <summary>A session bound as receiver or transceiver by <paramref name="systemId"/>, to send <c>deliver_sm</c> on.</summary>
    /// <param name="systemId">The ESME's <c>system_id</c>.</param>
    /// <returns>The session, or null when none is bound.</returns>
    public SmppSession? FindReceiver(string systemId) =>
        _sessions.Keys.FirstOrDefault(session =>
            session.State is SmppSessionState.BoundRx or SmppSessionState.BoundTrx
            && string.Equals(session.SystemId, systemId, StringComparison.Ordinal));

    /// <summary>Stops listening and closes every session.</summary>
    /// <returns>A task that completes when all have closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var sessions = _sessions.Keys.ToArray();
        foreach (var session in sessions)
        {
            session.Break("server stopping");
        }

        await Task.WhenAll(sessions.Select(session => session.Completion)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                _logger.AcceptFailed(exception);
                continue;
            }

            socket.NoDelay = true;
            var transport = new StreamTransport(new NetworkStream(socket, ownsSocket: true));
            StartSession(transport, transport);
        }
    }

    private async Task ForgetWhenClosedAsync(SmppSession session)
    {
        await session.Completion.ConfigureAwait(false);
        _sessions.TryRemove(session, out _);
    }

    private async ValueTask<SmppPdu?> HandleAsync(SmppSession session, SmppPdu request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case BindRequest bind:
                return await BindAsync(session, bind, cancellationToken).ConfigureAwait(false);
            case SubmitSm submitSm:
                if (_handlers.SubmitSm is null)
                {
                    return submitSm.CreateResponse(CommandStatus.SubmitFailed);
                }

                var result = await _handlers.SubmitSm(session, submitSm, cancellationToken).ConfigureAwait(false);
                if (result.IsGenericNack)
                {
                    return new GenericNack { CommandStatus = result.CommandStatus, SequenceNumber = submitSm.SequenceNumber };
                }

                var response = submitSm.CreateResponse(result.CommandStatus);
                if (result.CommandStatus == CommandStatus.Ok)
                {
                    response.MessageId = result.MessageId;
                }

                return response;
            default:
                if (_handlers.OtherRequest is { } other)
                {
                    var answer = await other(session, request, cancellationToken).ConfigureAwait(false);
                    answer.SequenceNumber = request.SequenceNumber;
                    return answer;
                }

                return request.CreateResponse(request.CommandId switch
                {
                    CommandId.QuerySm => CommandStatus.QueryFailed,
                    CommandId.CancelSm => CommandStatus.CancelFailed,
                    CommandId.ReplaceSm => CommandStatus.ReplaceFailed,
                    _ => CommandStatus.SubmitFailed,
                });
        }
    }

    /// <summary>Open → Binding → bound, or back to Open with the refusal. The response is queued before the bound callback runs.</summary>
    private async ValueTask<SmppPdu?> BindAsync(SmppSession session, BindRequest bind, CancellationToken cancellationToken)
    {
        session.TransitionTo(SmppSessionState.Binding);
        CommandStatus status;
        try
        {
            status = _handlers.Bind is null
                ? CommandStatus.Ok
                : await _handlers.Bind(session, bind, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.HandlerFailed(session.Id, bind.CommandId, bind.SequenceNumber, exception);
            status = CommandStatus.BindFailed;
        }

        var response = (BindResponse)bind.CreateResponse(status)!;
        if (status != CommandStatus.Ok)
        {
            _logger.BindRefused(session.Id, bind.SystemId, status);
            session.TransitionTo(SmppSessionState.Open);
            return response;
        }

        response.SystemId = _options.SystemId;
        session.OnBound(bind.SystemId, bind switch
        {
            BindTransmitter => SmppBindMode.Transmitter,
            BindReceiver => SmppBindMode.Receiver,
            _ => SmppBindMode.Transceiver,
        });
        session.EnqueueResponse(response);
        if (_handlers.SessionBound is { } bound)
        {
            _ = NotifyBoundAsync(session, bound, cancellationToken);
        }

        return null;
    }

    private async Task NotifyBoundAsync(SmppSession session, Func<SmppSession, CancellationToken, ValueTask> bound, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await bound(session, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.SessionBoundFailed(session.Id, exception);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
