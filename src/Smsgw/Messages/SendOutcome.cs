namespace Smsgw.Messages;

internal abstract record SendOutcome
{
    /// <summary>Durably stored (or, for <c>test</c>, validated only); ids in recipient order.</summary>
    public sealed record Accepted(IReadOnlyList<string> MessageIds, bool Test) : SendOutcome;

    /// <summary>The same Idempotency-Key was answered before: this is that answer's JSON.</summary>
    public sealed record Replayed(string Response) : SendOutcome;

    public sealed record Rejected(SendRejection Reason, string? Detail = null) : SendOutcome;
}
