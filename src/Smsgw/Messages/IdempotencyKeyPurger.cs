using Microsoft.Extensions.Options;
using Smsgw.Hosting;
using Smsgw.Storage;

namespace Smsgw.Messages;

/// <summary>Forgets Idempotency-Keys older than their window (lookups already ignore them).</summary>
internal sealed class IdempotencyKeyPurger(IMessageStore store, IOptions<MessagesOptions> options, TimeProvider timeProvider) : HourlyPurge(timeProvider)
{
    protected override Task PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        store.PurgeIdempotencyKeysAsync(now - options.Value.IdempotencyWindow, cancellationToken);
}
