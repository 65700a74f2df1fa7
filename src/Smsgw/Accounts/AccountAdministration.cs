using Smsgw.Storage;

namespace Smsgw.Accounts;

/// <summary>A new account's or a rotated secret's credentials: the only moment the secret exists in clear.</summary>
public sealed record IssuedCredentials(string Name, string ClientId, string ClientSecret);

/// <summary>A row of <c>smsgw accounts list</c>.</summary>
public sealed record AccountSummary(string Name, string ClientId, bool Disabled, DateTimeOffset CreatedAt);

/// <summary>What operators do to accounts (the CLI's <c>accounts</c> verbs, the demo account at first start).</summary>
public sealed class AccountAdministration
{
    private readonly IAccountStore _store;
    private readonly TimeProvider _timeProvider;

    internal AccountAdministration(IAccountStore store, TimeProvider timeProvider)
    {
        _store = store;
        _timeProvider = timeProvider;
    }

    /// <summary>Creates an account; null when the name is taken.</summary>
    public async Task<IssuedCredentials?> CreateAsync(string name, CancellationToken cancellationToken)
    {
        ValidateName(name);
        var clientId = ClientCredentials.NewClientId();
        var secret = ClientCredentials.NewSecret();
        var account = await _store.CreateAsync(name, clientId, ClientCredentials.Hash(secret), _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return account is null ? null : new IssuedCredentials(name, clientId, secret);
    }

    /// <summary>Issues a new secret (the old one stops working); null when no account has that name.</summary>
    public async Task<IssuedCredentials?> RotateSecretAsync(string name, CancellationToken cancellationToken)
    {
        var account = await _store.FindByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (account is null)
        {
            return null;
        }
        var secret = ClientCredentials.NewSecret();
        return await _store.ReplaceSecretAsync(name, ClientCredentials.Hash(secret), cancellationToken).ConfigureAwait(false)
            ? new IssuedCredentials(name, account.ClientId, secret)
            : null;
    }

    public Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken) =>
        _store.SetDisabledAsync(name, disabled, cancellationToken);

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken) =>
        (await _store.ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(a => new AccountSummary(a.Name, a.ClientId, a.Disabled, a.CreatedAt)).ToList();

    public Task<long> CountAsync(CancellationToken cancellationToken) => _store.CountAsync(cancellationToken);

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("An account name is 1 to 64 letters, digits, '-', '_' or '.'.", nameof(name));
        }
    }
}
