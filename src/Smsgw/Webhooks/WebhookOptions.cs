namespace Smsgw.Webhooks;

/// <summary>Webhook delivery. Bound from <c>Smsgw:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Smsgw:Webhooks";

    /// <summary>Lets endpoints on loopback, link-local and private addresses through (tests, all-in-one set-ups).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>How long one delivery may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Delays before each retry after a failed attempt (then the event is dead); empty means
    /// <see cref="DefaultRetrySchedule"/>. Each delay is shortened by up to 20 % at random so retries of many events
    /// do not arrive in step.
    /// </summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    /// <summary>About 30 hours of retries, the first within 10 s.</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4), TimeSpan.FromHours(6),
        TimeSpan.FromHours(8), TimeSpan.FromHours(8),
    ];

    /// <summary>The schedule in force (a configured list replaces the default whole rather than merging into it).</summary>
    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule.Length > 0 ? RetrySchedule : DefaultRetrySchedule;

    /// <summary>Longest a receiver's Retry-After is honoured.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Most response bytes read (for the event's last_error); the rest is not downloaded.</summary>
    public int MaxResponseBytes { get; set; } = 4096;

    public int BatchSize { get; set; } = 500;

    /// <summary>Requests in flight at once, over all endpoints (a message's own events always go one at a time).</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>Failures in a row after which an endpoint's remaining events of the batch wait for the next round
    /// instead of being tried: a dead endpoint costs one timeout, not one per event.</summary>
    public int CircuitBreakAfter { get; set; } = 5;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long finished events (delivered or dead) stay visible and replayable before they are forgotten.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most live webhooks one account may have (each fans every event out once more).</summary>
    public int MaxPerAccount { get; set; } = 20;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
