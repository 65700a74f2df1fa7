using Microsoft.Extensions.Time.Testing;

namespace Smsgw.Tests.Support;

internal static class FakeClock
{
    /// <summary>A fake clock at the real current instant, so dates a client computes agree with the server's.</summary>
    public static FakeTimeProvider AtNow() => new(DateTimeOffset.UtcNow);

    /// <summary>
    /// Moves the fake clock forward in small steps while polling, until <paramref name="condition"/> holds.
    /// Small steps let background loops re-plan their sleeps between moves, as they would in real time.
    /// </summary>
    public static async Task<T> AdvanceUntilAsync<T>(this FakeTimeProvider clock, TimeSpan step, Func<Task<T>> read, Func<T, bool> condition, TimeSpan? maxAdvance = null)
    {
        var limit = clock.GetUtcNow() + (maxAdvance ?? TimeSpan.FromDays(3));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        var value = await read();
        while (!condition(value))
        {
            if (clock.GetUtcNow() > limit || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met by {clock.GetUtcNow():O}; last value: {value}");
            }
            clock.Advance(step);
            await Task.Delay(5, TestContext.Current.CancellationToken);
            value = await read();
        }
        return value;
    }
}
