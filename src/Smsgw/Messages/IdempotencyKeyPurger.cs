using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smsgw.Storage;

namespace Smsgw.Messages;

/// <summary>Forgets Idempotency-Keys older than their window, hourly (lookups already ignore them).</summary>
internal sealed class IdempotencyKeyPurger(IMessageStore store, IOptions<MessagesOptions> options, TimeProvider timeProvider) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), timeProvider);
        try
        {
            do
            {
                await store.PurgeIdempotencyKeysAsync(timeProvider.GetUtcNow() - options.Value.IdempotencyWindow, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
