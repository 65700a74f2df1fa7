using Smsgw.Hosting;

namespace Smsgw.Webhooks;

/// <summary>
/// Set by whoever commits a change that may have written webhook events (receipts, dispatch outcomes, inbound
/// messages), so the sender delivers them at once instead of at its next poll.
/// </summary>
internal sealed class WebhookSignal
{
    private readonly WakeSignal _signal = new();

    public void EventsMayHaveBeenAdded() => _signal.Set();

    public Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, timeProvider, cancellationToken);
}
