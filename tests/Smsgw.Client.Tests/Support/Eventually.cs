namespace Smsgw.Client.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails with the last value once <paramref name="timeout"/> has passed.</summary>
    public static async Task<T> HoldsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time; last value: {value}");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
            value = await read();
        }
        return value;
    }
}
