using System.Collections.Concurrent;
using Smsgw.Storage;

namespace Smsgw.Accounts;

/// <summary>
/// Resolves X-Client-Id / X-Client-Secret to an account. Rows are cached for a second so a send burst does not
/// read the accounts table per request, yet a secret rotated or an account disabled by the CLI takes effect at once
/// after that.
/// </summary>
internal sealed class AccountAuthenticator(IAccountStore store, TimeProvider timeProvider)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private static readonly byte[] NoAccountHash = ClientCredentials.Hash(ClientCredentials.NewSecret());
    private readonly ConcurrentDictionary<string, (StoredAccount? Row, long At)> _cache = new(StringComparer.Ordinal);

    /// <summary>The enabled account the credentials belong to, or null; never says which half was wrong.</summary>
    public async Task<Account?> AuthenticateAsync(string? clientId, string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret) || clientId.Length > 100 || secret.Length > 200)
        {
            return null;
        }
        var now = timeProvider.GetTimestamp();
        if (!_cache.TryGetValue(clientId, out var cached) || timeProvider.GetElapsedTime(cached.At, now) > CacheFor)
        {
            cached = (await store.FindByClientIdAsync(clientId, cancellationToken).ConfigureAwait(false), now);
            if (_cache.Count > 10_000)
            {
                _cache.Clear(); // unknown ids from a scan must not grow the cache without bound
            }
            _cache[clientId] = cached;
        }
        // Compare against a dummy hash when the id is unknown, so timing does not reveal which ids exist.
        var matches = ClientCredentials.Verify(secret, cached.Row?.SecretHash ?? NoAccountHash);
        return matches && cached.Row is { Account.Disabled: false } row ? row.Account : null;
    }
}
