using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Smsgw.Inbound;

/// <summary>Stores concatenated inbound messages whose missing parts did not come in time (see <see cref="InboundPartAssembler"/>).</summary>
internal sealed class InboundPartTimeoutLoop(
    InboundPartAssembler assembler,
    TimeSpan timeout,
    TimeProvider timeProvider,
    ILogger<InboundPartTimeoutLoop> logger) : BackgroundService
{
    private const int Batch = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        // A tenth of the timeout (at least a second, at most a minute) bounds how late a timed-out message is stored.
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await assembler.FlushExpiredAsync(timeout, Batch, stoppingToken).ConfigureAwait(false) == Batch)
                {
                    continue;
                }
                await Task.Delay(period, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                InboundLog.PartsLoopFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
