namespace Smsgw.Messages;

/// <summary>An Idempotency-Key with the hash of the request it came with and the answer to remember.</summary>
internal sealed record IdempotencyRequest(string Key, byte[] RequestHash, Func<IReadOnlyList<string>, string> RenderResponse);
