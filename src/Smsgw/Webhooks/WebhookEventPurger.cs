using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Hosting;
using Smsgw.Storage;

namespace Smsgw.Webhooks;

/// <summary>
/// Forgets finished webhook events (delivered, or dead and not replayed) older than the retention, so the outbox does
/// not grow for ever; pending events are never touched, however old.
/// </summary>
internal sealed class WebhookEventPurger(IWebhookStore store, IOptions<WebhookOptions> options, TimeProvider timeProvider, ILogger<WebhookEventPurger> logger)
    : HourlyPurge(timeProvider)
{
    private const int Chunk = 5000;

    protected override async Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.EventRetention;
        var total = 0;
        int purged;
        // Chunks keep each transaction short, so the writer never stalls behind one large delete.
        do
        {
            purged = await store.PurgeFinishedEventsAsync(before, Chunk, cancellationToken);
            total += purged;
        }
        while (purged == Chunk);
        if (total > 0)
        {
            WebhookLog.EventsPurged(logger, total, before);
        }
    }
}
