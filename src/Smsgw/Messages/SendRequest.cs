namespace Smsgw.Messages;

/// <summary>
/// A send request as the client wrote it (reference §2.1), before validation. Empty strings and nulls are
/// already folded into null (decision 5); <see cref="ToIsArray"/> decides the answer's shape.
/// </summary>
internal sealed record SendRequest(
    string? Message,
    IReadOnlyList<string>? To,
    bool ToIsArray,
    string? Sender,
    string? Date,
    string? Reference,
    bool Test,
    string? SubId,
    string? Type);
