namespace Smsgw.Hosting;

/// <summary>
/// Wakes a background loop early (new work was committed) while it otherwise sleeps on the injected
/// <see cref="TimeProvider"/>, so tests can move time with a fake clock.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Waits until <see cref="Set"/> is called or <paramref name="timeout"/> passes on <paramref name="timeProvider"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal);
        if (!signal.Task.IsCompleted)
        {
            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, timeProvider, cancelDelay.Token);
            await Task.WhenAny(signal.Task, delay).ConfigureAwait(false);
            await cancelDelay.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        // Reset only a completed signal, so a Set racing with this wait is never lost.
        if (signal.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), signal);
        }
    }
}
