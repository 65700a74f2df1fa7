namespace Smsgw.Smpp.Tests.Support;

/// <summary>Waits for a condition another thread makes true, bounded by a timeout; for state that has no signal to await.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + RawPeer.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(5);
        }
    }
}
