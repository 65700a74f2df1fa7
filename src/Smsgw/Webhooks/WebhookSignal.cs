using Smsgw.Hosting;

namespace Smsgw.Webhooks;

/// <summary>
/// Set by the store's writer after a commit that wrote webhook events (receipts, dispatch outcomes, inbound messages),
/// and by the sender when a delivery slot frees, so the sender delivers them at once instead of at its next poll.
/// Events another node wrote are found at that poll.
/// </summary>
internal sealed class WebhookSignal
{
    private readonly WakeSignal _signal = new();

    public void EventsMayHaveBeenAdded() => _signal.Set();

    public Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, timeProvider, cancellationToken);
}
