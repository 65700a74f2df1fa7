using System.Diagnostics.Metrics;
using Smsgw.Hosting;
using Smsgw.Storage;

namespace Smsgw.Webhooks;

internal sealed class WebhookMetrics(SmsgwMeter meter)
{
    private readonly Counter<long> _attempts = meter.Meter.CreateCounter<long>("smsgw.webhooks.attempts", "{attempt}",
        "Webhook delivery attempts by result (delivered, failed, dead)");

    public void Attempt(WebhookAttempt attempt)
    {
        if (attempt is WebhookAttempt.Failed { Counted: false })
        {
            return; // not tried
        }
        _attempts.Add(1, new KeyValuePair<string, object?>("result", attempt switch
        {
            WebhookAttempt.Delivered => "delivered",
            WebhookAttempt.Dead => "dead",
            _ => "failed",
        }));
    }
}
