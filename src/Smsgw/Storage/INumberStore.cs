using Smsgw.Accounts;

namespace Smsgw.Storage;

internal sealed record AssignedNumber(string Number, AccountId AccountId, string AccountName, DateTimeOffset CreatedAt);

/// <summary>Our numbers and the account each belongs to: inbound messages to a number land in its account.</summary>
internal interface INumberStore
{
    /// <summary>Assigns the number; false when another account already holds it (re-assigning to the same account is fine).</summary>
    Task<bool> AssignAsync(string number, AccountId accountId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<AccountId?> FindOwnerAsync(string number, CancellationToken cancellationToken);

    Task<IReadOnlyList<AssignedNumber>> ListAsync(CancellationToken cancellationToken);

    Task<bool> RemoveAsync(string number, CancellationToken cancellationToken);
}
