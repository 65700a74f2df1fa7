using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Sessions;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// Keeps one session of an SMSC connection bound (one of its <see cref="SmppConnectionOptions.Binds"/>): connects, binds
/// (one transceiver, or a transmitter and a receiver), hands the submitting session to its <see cref="SmppCarrier"/>,
/// and when a session closes reconnects with a doubling back-off of its own while the other sessions carry on.
/// Submits in flight on a dropped session fail there and go back to the dispatcher (see <see cref="SmppCarrier"/>).
/// </summary>
internal sealed class SmppConnectionLoop(
    SmppCarrier carrier,
    SmppDeliverSmHandler deliveries,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    int bindNumber) : BackgroundService
{
    private static readonly TimeSpan UnbindTimeout = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggerFactory.CreateLogger<SmppConnectionLoop>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var options = carrier.Options;
        var delay = options.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sessions = new List<SmppClient>(2);
            try
            {
                var bound = true;
                if (options.BindMode == SmppConnectionBindMode.Transceiver)
                {
                    bound = await BindAsync(sessions, SmppBindMode.Transceiver, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    bound = await BindAsync(sessions, SmppBindMode.Transmitter, stoppingToken).ConfigureAwait(false)
                        && await BindAsync(sessions, SmppBindMode.Receiver, stoppingToken).ConfigureAwait(false);
                }
                if (bound)
                {
                    carrier.Attach(sessions[0]);
                    SmppCarrierLog.Bound(_logger, carrier.Name, bindNumber, options.Host, options.Port, options.SystemId, options.BindMode.ToString());
                    delay = options.ReconnectDelay;
                    try
                    {
                        // WaitAsync drops its hold on the token when a session ends: nothing outlives the binding.
                        await Task.WhenAny(sessions.Select(s => s.Session.Completion)).WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                    {
                    }
                    carrier.Detach(sessions[0]);
                    if (stoppingToken.IsCancellationRequested)
                    {
                        await UnbindAllAsync(sessions).ConfigureAwait(false);
                        return;
                    }
                    var reason = sessions.Select(s => s.Session.CloseReason).FirstOrDefault(r => r is not null) ?? "closed";
                    SmppCarrierLog.Dropped(_logger, carrier.Name, bindNumber, reason, delay);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                DetachFirst(sessions);
                await UnbindAllAsync(sessions).ConfigureAwait(false);
                return;
            }
            catch (Exception ex)
            {
                DetachFirst(sessions);
                SmppCarrierLog.ConnectFailed(_logger, carrier.Name, bindNumber, ex.Message, delay);
            }
            foreach (var session in sessions)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
            try
            {
                await Task.Delay(delay, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxReconnectDelay.Ticks));
        }
    }

    /// <summary>Connects and binds one session; false (logged) when the SMSC refuses the bind.</summary>
    private async Task<bool> BindAsync(List<SmppClient> sessions, SmppBindMode mode, CancellationToken cancellationToken)
    {
        var options = carrier.Options;
        var receives = mode != SmppBindMode.Transmitter;
        var sessionKey = SmppDeliverSmHandler.NewSessionKey();
        var client = await SmppClient.ConnectAsync(
            options.ToClientOptions(mode),
            onDeliverSm: receives ? (pdu, ct) => deliveries.HandleAsync(pdu, sessionKey, ct) : null,
            onDataSm: receives ? (pdu, ct) => deliveries.HandleDataSmAsync(pdu, sessionKey, ct) : null,
            timeProvider: timeProvider,
            logger: loggerFactory.CreateLogger<SmppClient>(),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        sessions.Add(client);
        var response = await client.BindAsync(cancellationToken).ConfigureAwait(false);
        if (response.CommandStatus != CommandStatus.Ok)
        {
            SmppCarrierLog.BindRefused(_logger, carrier.Name, bindNumber, SmppStatusNames.Describe(response.CommandStatus), options.ReconnectDelay);
            return false;
        }
        return true;
    }

    /// <summary>Only the first session submits; detaching one never attached is harmless.</summary>
    private void DetachFirst(List<SmppClient> sessions)
    {
        if (sessions.Count > 0)
        {
            carrier.Detach(sessions[0]);
        }
    }

    private async Task UnbindAllAsync(List<SmppClient> sessions)
    {
        foreach (var session in sessions)
        {
            try
            {
                using var timeout = new CancellationTokenSource(UnbindTimeout, timeProvider);
                await session.UnbindAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SmppException or OperationCanceledException or InvalidOperationException)
            {
            }
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
