using Microsoft.Extensions.Hosting;

namespace Smsgw.Hosting;

/// <summary>Housekeeping that forgets what is past its retention: at start, then hourly.</summary>
internal abstract class HourlyPurge(TimeProvider timeProvider) : BackgroundService
{
    protected abstract Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), timeProvider);
        try
        {
            do
            {
                await PurgeAsync(timeProvider.GetUtcNow(), stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
