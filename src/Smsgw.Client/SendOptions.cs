namespace Smsgw.Client;

/// <summary>The optional fields of a send (Smstools <c>POST /v1/message/send</c>).</summary>
public sealed record SendOptions
{
    /// <summary>
    /// When to send, as <c>yyyy-MM-dd HH:mm</c> in the gateway's zone (Europe/Brussels unless configured);
    /// null sends now. A date in the past is refused with code 121.
    /// </summary>
    public string? Date { get; init; }

    /// <summary>Your own reference (at most 255 characters), echoed in history and message status.</summary>
    public string? Reference { get; init; }

    /// <summary>Validate only: the gateway answers with message ids but stores and sends nothing.</summary>
    public bool Test { get; init; }

    /// <summary>
    /// Sent as the <c>Idempotency-Key</c> header: repeating a send with the same key and body replays the first answer
    /// instead of sending again, so a retry after a timeout cannot send twice.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
