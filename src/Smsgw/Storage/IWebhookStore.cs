using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage;

/// <summary>A customer's webhook (reference §6.1).</summary>
internal sealed record Webhook(long RowId, string WebhookId, AccountId AccountId, string Endpoint, string Method, IReadOnlyList<string> Types, string Secret, DateTimeOffset CreatedAt);

internal enum WebhookEventState
{
    Pending = 0,
    Delivered = 1,
    /// <summary>Every attempt of the schedule failed: kept for inspection and replay.</summary>
    Dead = 2,
}

/// <summary>One event with everything needed to render and sign its payload.</summary>
internal sealed record WebhookEvent(
    long RowId,
    string EventId,
    string Type,
    DateTimeOffset CreatedAt,
    WebhookEventState State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? DeliveredAt,
    Webhook Webhook,
    string AccountName,
    MessageStatus Status,
    string? StatusDetail,
    StoredMessage Message,
    /// <summary>The lease this copy was taken under (unix ms); recording an attempt requires it still to hold.</summary>
    long LeaseToken);

/// <summary>What one delivery attempt came to.</summary>
internal abstract record WebhookAttempt(long EventRowId, long LeaseToken, DateTimeOffset At, int? HttpStatus, string? Error)
{
    public sealed record Delivered(long EventRowId, long LeaseToken, DateTimeOffset At, int Status) : WebhookAttempt(EventRowId, LeaseToken, At, Status, null);

    /// <summary>Failed; try again at <paramref name="NextAttemptAt"/>. <paramref name="Counted"/> is false when the
    /// attempt was not made (its endpoint's circuit was open), so it does not use up the schedule.</summary>
    public sealed record Failed(long EventRowId, long LeaseToken, DateTimeOffset At, int? HttpStatus, string? Error, DateTimeOffset NextAttemptAt, bool Counted) : WebhookAttempt(EventRowId, LeaseToken, At, HttpStatus, Error);

    /// <summary>Failed for the last time of the schedule.</summary>
    public sealed record Dead(long EventRowId, long LeaseToken, DateTimeOffset At, int? HttpStatus, string? Error) : WebhookAttempt(EventRowId, LeaseToken, At, HttpStatus, Error);
}

internal interface IWebhookStore
{
    /// <summary>Creates the webhook; null when the account already has <paramref name="maxPerAccount"/> live ones.</summary>
    Task<Webhook?> CreateAsync(AccountId accountId, string webhookId, string endpoint, string method, IReadOnlyList<string> types, string secret, int maxPerAccount, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<Webhook>> ListAsync(AccountId accountId, CancellationToken cancellationToken);

    Task<Webhook?> FindAsync(AccountId accountId, string webhookId, CancellationToken cancellationToken);

    /// <summary>Deletes (retires) the webhook with that secret; its pending events stop. False when none matches.</summary>
    Task<bool> DeleteAsync(AccountId accountId, string secret, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The webhook's most recent events, newest first.</summary>
    Task<IReadOnlyList<WebhookEvent>> RecentEventsAsync(AccountId accountId, string webhookId, WebhookEventState? state, int limit, CancellationToken cancellationToken);

    /// <summary>Leases due events in event order, skipping the webhooks in <paramref name="excludedWebhooks"/> (open circuits)
    /// and any event while an earlier one of its message to the same webhook is still pending.</summary>
    Task<IReadOnlyList<WebhookEvent>> LeaseDueAsync(DateTimeOffset now, TimeSpan leaseDuration, int max, IReadOnlyList<long> excludedWebhooks, CancellationToken cancellationToken);

    /// <summary>When the next event becomes leasable (by the same rules as <see cref="LeaseDueAsync"/>), or null.</summary>
    Task<DateTimeOffset?> NextDueAsync(IReadOnlyList<long> excludedWebhooks, CancellationToken cancellationToken);

    /// <summary>Ends every lease at once: only for a single-node store at start, when no other sender can hold one.</summary>
    Task<int> ReleaseAllLeasesAsync(CancellationToken cancellationToken);

    Task RecordAttemptsAsync(IReadOnlyList<WebhookAttempt> attempts, CancellationToken cancellationToken);

    /// <summary>Makes dead events of the webhook (or the one with <paramref name="eventId"/>, whatever its state) due
    /// again now with a fresh schedule; returns how many.</summary>
    /// <summary>Deletes up to <paramref name="max"/> finished (delivered or dead) events created before <paramref name="createdBefore"/>.</summary>
    Task<int> PurgeFinishedEventsAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken);

    Task<int> ReplayAsync(AccountId accountId, string webhookId, string? eventId, DateTimeOffset now, CancellationToken cancellationToken);
}
