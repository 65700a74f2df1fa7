using Smsgw.Accounts;

namespace Smsgw.Storage;

internal interface IAccountStore
{
    /// <summary>Creates an account; returns null when the name is taken.</summary>
    Task<Account?> CreateAsync(string name, string clientId, byte[] secretHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<StoredAccount?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken);

    Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the secret hash; false when no account has that name.</summary>
    Task<bool> ReplaceSecretAsync(string name, byte[] secretHash, CancellationToken cancellationToken);

    /// <summary>Disables (or re-enables) an account; false when no account has that name.</summary>
    Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken);
}
