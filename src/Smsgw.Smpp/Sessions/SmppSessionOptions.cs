namespace Smsgw.Smpp.Sessions;

/// <summary>Window, timers and limits of one session; the same for both roles.</summary>
public sealed class SmppSessionOptions
{
    /// <summary>Requests (submits, deliveries, queries) awaiting a response at once; a full window makes senders wait.</summary>
    public int WindowSize { get; set; } = 10;

    /// <summary>How long a request waits for its response before it fails with <see cref="SmppResponseTimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Period of <c>enquire_link</c> while bound; zero or negative turns the keep-alive off. An unanswered one breaks the session.</summary>
    public TimeSpan EnquireLinkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest <c>command_length</c> accepted; a larger one loses framing and breaks the session. The default
    /// fits a 64 KiB <c>message_payload</c> and a full <c>submit_multi</c>.
    /// </summary>
    public int MaxPduLength { get; set; } = 72 * 1024;

    /// <summary>Received requests handled at once (e.g. <c>deliver_sm</c> handlers storing concurrently); more wait unread.</summary>
    public int MaxConcurrentRequests { get; set; } = 10;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 1, nameof(WindowSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResponseTimeout, TimeSpan.Zero, nameof(ResponseTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPduLength, 16, nameof(MaxPduLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentRequests, 1, nameof(MaxConcurrentRequests));
    }
}
