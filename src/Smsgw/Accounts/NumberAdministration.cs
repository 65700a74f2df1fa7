using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Accounts;

/// <summary>A row of <c>smsgw numbers list</c>.</summary>
public sealed record NumberSummary(string Number, string Account, DateTimeOffset CreatedAt);

public enum NumberAssignment
{
    Assigned,
    InvalidNumber,
    NoSuchAccount,
    /// <summary>Another account holds the number.</summary>
    Taken,
}

/// <summary>Assigning our inbound numbers to accounts (<c>smsgw numbers …</c>).</summary>
public sealed class NumberAdministration
{
    private readonly INumberStore _numbers;
    private readonly IAccountStore _accounts;
    private readonly PhoneNumberNormalizer _phoneNumbers;
    private readonly TimeProvider _timeProvider;

    internal NumberAdministration(INumberStore numbers, IAccountStore accounts, PhoneNumberNormalizer phoneNumbers, TimeProvider timeProvider)
    {
        _numbers = numbers;
        _accounts = accounts;
        _phoneNumbers = phoneNumbers;
        _timeProvider = timeProvider;
    }

    public async Task<NumberAssignment> AssignAsync(string number, string accountName, CancellationToken cancellationToken)
    {
        if (Normalize(number) is not { } stored)
        {
            return NumberAssignment.InvalidNumber;
        }
        if (await _accounts.FindByNameAsync(accountName, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return NumberAssignment.NoSuchAccount;
        }
        return await _numbers.AssignAsync(stored, account.Id, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ? NumberAssignment.Assigned
            : NumberAssignment.Taken;
    }

    public async Task<IReadOnlyList<NumberSummary>> ListAsync(CancellationToken cancellationToken) =>
        (await _numbers.ListAsync(cancellationToken).ConfigureAwait(false)).Select(n => new NumberSummary(n.Number, n.AccountName, n.CreatedAt)).ToList();

    public Task<bool> RemoveAsync(string number, CancellationToken cancellationToken) =>
        Normalize(number) is { } stored ? _numbers.RemoveAsync(stored, cancellationToken) : Task.FromResult(false);

    /// <summary>Phone numbers in international digits; short codes (3–8 digits) as written.</summary>
    private string? Normalize(string number)
    {
        var trimmed = number.Trim();
        if (trimmed.Length is >= 3 and <= 8 && trimmed.All(char.IsAsciiDigit))
        {
            return trimmed;
        }
        return _phoneNumbers.TryNormalize(trimmed, out var digits) ? digits : null;
    }
}
