using Microsoft.AspNetCore.Http;

namespace Smsgw.Accounts;

internal readonly record struct AccountId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An API account as the request sees it once authenticated.</summary>
internal sealed record Account(AccountId Id, string Name, string ClientId, bool Disabled, DateTimeOffset CreatedAt)
{
    /// <summary>Handlers take <c>Account</c> as a parameter: the one <see cref="ClientCredentialsMiddleware"/> authenticated.</summary>
    public static ValueTask<Account?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Account?>(context.Features.Get<Account>() ?? throw new InvalidOperationException("No authenticated account on this request: is the route under /v1?"));
}

/// <summary>An account row with its secret hash, as only authentication and the operator verbs see it.</summary>
internal sealed record StoredAccount(Account Account, byte[] SecretHash);
