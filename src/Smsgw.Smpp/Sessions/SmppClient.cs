using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// The ESME role: connect, bind, submit, receive <c>deliver_sm</c> through a <see cref="DeliverSmHandler"/> and
/// <c>data_sm</c> through a <see cref="DataSmHandler"/>. One client is one connection; reconnecting (with back-off) is
/// the caller's loop.
/// </summary>
public sealed class SmppClient : IAsyncDisposable
{
    private readonly SmppClientOptions _options;
    private readonly DeliverSmHandler? _onDeliverSm;
    private readonly DataSmHandler? _onDataSm;
    private readonly ILogger _logger;

    private SmppClient(SmppClientOptions options, DeliverSmHandler? onDeliverSm, DataSmHandler? onDataSm, TimeProvider? timeProvider, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _onDeliverSm = onDeliverSm;
        _onDataSm = onDataSm;
        _logger = logger ?? NullLogger.Instance;
        Session = new SmppSession(SmppSessionRole.Esme, options.Session, HandleAsync, timeProvider, _logger);
    }

    /// <summary>The session: state, window, <see cref="SmppSession.SendRequestAsync"/> for any other request.</summary>
    public SmppSession Session { get; }

    /// <summary>Opens a TCP connection to <see cref="SmppClientOptions.Host"/>:<see cref="SmppClientOptions.Port"/>; bind next.</summary>
    /// <param name="options">Where to connect and how to bind.</param>
    /// <param name="onDeliverSm">Receives <c>deliver_sm</c>; without it each is answered with <see cref="CommandStatus.Ok"/>.</param>
    /// <param name="onDataSm">Receives <c>data_sm</c>; without it each is answered with <see cref="CommandStatus.InvalidCommandId"/>.</param>
    /// <param name="timeProvider">Timers for timeouts and keep-alive; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where the session logs.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected, unbound client.</returns>
    /// <exception cref="SocketException">The connection failed.</exception>
    public static async Task<SmppClient> ConnectAsync(
        SmppClientOptions options,
        DeliverSmHandler? onDeliverSm = null,
        DataSmHandler? onDataSm = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        var client = new SmppClient(options, onDeliverSm, onDataSm, timeProvider, logger);
        client.Session.TransitionTo(SmppSessionState.Connecting);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            socket.Dispose();
            client.Session.Break($"connect failed: {exception.Message}");
            throw;
        }

        var transport = new StreamTransport(new NetworkStream(socket, ownsSocket: true));
        client.Session.Start(transport, transport);
        return client;
    }

    /// <summary>A client over a connection the caller opened (a TLS stream, an in-memory pipe); bind next.</summary>
    /// <param name="transport">The duplex pipe over the connection.</param>
    /// <param name="options">How to bind.</param>
    /// <param name="onDeliverSm">Receives <c>deliver_sm</c>.</param>
    /// <param name="onDataSm">Receives <c>data_sm</c>.</param>
    /// <param name="timeProvider">Timers for timeouts and keep-alive.</param>
    /// <param name="logger">Where the session logs.</param>
    /// <param name="owner">Disposed when the session closes, if given.</param>
    /// <returns>The connected, unbound client.</returns>
    public static SmppClient Create(
        IDuplexPipe transport,
        SmppClientOptions options,
        DeliverSmHandler? onDeliverSm = null,
        DataSmHandler? onDataSm = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null,
        IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var client = new SmppClient(options, onDeliverSm, onDataSm, timeProvider, logger);
        client.Session.Start(transport, owner);
        return client;
    }

    /// <summary>A client over a connected stream, which it disposes when the session closes; bind next.</summary>
    /// <param name="stream">The connection.</param>
    /// <param name="options">How to bind.</param>
    /// <param name="onDeliverSm">Receives <c>deliver_sm</c>.</param>
    /// <param name="onDataSm">Receives <c>data_sm</c>.</param>
    /// <param name="timeProvider">Timers for timeouts and keep-alive.</param>
    /// <param name="logger">Where the session logs.</param>
    /// <returns>The connected, unbound client.</returns>
    public static SmppClient Create(
        Stream stream,
        SmppClientOptions options,
        DeliverSmHandler? onDeliverSm = null,
        DataSmHandler? onDataSm = null,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var transport = new StreamTransport(stream);
        return Create(transport, options, onDeliverSm, onDataSm, timeProvider, logger, transport);
    }

    /// <summary>
    /// Binds with the options' <c>system_id</c>, <c>password</c>, <c>system_type</c> and mode. Check the response's
    /// <see cref="SmppPdu.CommandStatus"/>: on <see cref="CommandStatus.Ok"/> the session is bound, otherwise it is
    /// open again. A <c>generic_nack</c> from the SMSC comes back as a bind response carrying its status, never
    /// <see cref="CommandStatus.Ok"/>: the session is not bound.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The bind response.</returns>
    /// <exception cref="InvalidOperationException">The session is not open (already bound, or binding).</exception>
    /// <exception cref="SmppException">Timed out, or the session closed.</exception>
    public async Task<BindResponse> BindAsync(CancellationToken cancellationToken = default)
    {
        BindRequest bind = _options.BindMode switch
        {
            SmppBindMode.Transmitter => new BindTransmitter(),
            SmppBindMode.Receiver => new BindReceiver(),
            _ => new BindTransceiver(),
        };
        bind.SystemId = _options.SystemId;
        bind.Password = _options.Password;
        bind.SystemType = _options.SystemType;
        bind.AddrTon = _options.AddrTon;
        bind.AddrNpi = _options.AddrNpi;
        bind.AddressRange = _options.AddressRange;

        var response = await Session.BindAsync(bind, cancellationToken).ConfigureAwait(false);
        return response as BindResponse ?? (BindResponse)bind.CreateResponse(RefusalStatus((GenericNack)response))!;
    }

    /// <summary>
    /// Submits one message and returns <c>submit_sm_resp</c>; a non-zero <see cref="SmppPdu.CommandStatus"/> is the
    /// SMSC's refusal (e.g. <see cref="CommandStatus.Throttled"/>). A <c>generic_nack</c> is a refusal too: it comes back
    /// as a <see cref="SubmitSmResp"/> with <see cref="SubmitSmResp.GenericNack"/> set and a status that is never
    /// <see cref="CommandStatus.Ok"/>.
    /// </summary>
    /// <param name="submitSm">The message; its sequence number is assigned here.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The response.</returns>
    /// <exception cref="SmppResponseTimeoutException">No response in time: the outcome is unknown.</exception>
    /// <exception cref="SmppSessionClosedException">The session closed first.</exception>
    public async Task<SubmitSmResp> SubmitAsync(SubmitSm submitSm, CancellationToken cancellationToken = default)
    {
        var response = await Session.SendRequestAsync(submitSm, cancellationToken).ConfigureAwait(false);
        if (response is GenericNack nack)
        {
            return new SubmitSmResp { SequenceNumber = nack.SequenceNumber, CommandStatus = RefusalStatus(nack), GenericNack = nack };
        }

        return (SubmitSmResp)response;
    }

    /// <summary>Unbinds and closes; see <see cref="SmppSession.UnbindAsync"/>.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when closed.</returns>
    public Task UnbindAsync(CancellationToken cancellationToken = default) => Session.UnbindAsync(cancellationToken);

    /// <summary>Closes at once, failing pending requests.</summary>
    /// <returns>A task that completes when closed.</returns>
    public ValueTask DisposeAsync() => Session.DisposeAsync();

    /// <summary>
    /// A <c>generic_nack</c> answering a request means the peer did not process it (SMPP 3.4 §4.3.1), whatever its
    /// status; one that says <see cref="CommandStatus.Ok"/> gives no reason, so it reads as <c>ESME_RUNKNOWNERR</c>.
    /// </summary>
    private static CommandStatus RefusalStatus(GenericNack nack) =>
        nack.CommandStatus == CommandStatus.Ok ? CommandStatus.UnknownError : nack.CommandStatus;

    private async ValueTask<SmppPdu?> HandleAsync(SmppSession session, SmppPdu request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case DeliverSm deliverSm:
                var status = _onDeliverSm is null
                    ? CommandStatus.Ok
                    : await _onDeliverSm(deliverSm, cancellationToken).ConfigureAwait(false);
                return deliverSm.CreateResponse(status);
            case DataSm dataSm:
                // Without a handler this ESME does not take data_sm: the SMSC should fall back to deliver_sm.
                var dataStatus = _onDataSm is null
                    ? CommandStatus.InvalidCommandId
                    : await _onDataSm(dataSm, cancellationToken).ConfigureAwait(false);
                return dataSm.CreateResponse(dataStatus);
            default:
                // outbind, alert_notification: no response, nothing to do.
                _logger.Ignored(session.Id, request.CommandId);
                return null;
        }
    }
}
