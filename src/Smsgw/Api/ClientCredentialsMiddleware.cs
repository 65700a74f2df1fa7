using Microsoft.AspNetCore.Http;
using Smsgw.Accounts;

namespace Smsgw.Api;

/// <summary>
/// Every /v1 request carries X-Client-Id and X-Client-Secret (or client_id / client_secret in the query string,
/// as some clients send them). Missing, wrong or disabled → 401 with code 104, the same answer for each case.
/// </summary>
internal sealed class ClientCredentialsMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AccountAuthenticator authenticator)
    {
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context); // CORS preflight carries no credentials
            return;
        }
        var request = context.Request;
        var clientId = First(request.Headers["X-Client-Id"]) ?? First(request.Query["client_id"]);
        var secret = First(request.Headers["X-Client-Secret"]) ?? First(request.Query["client_secret"]);
        var account = await authenticator.AuthenticateAsync(clientId, secret, context.RequestAborted);
        if (account is null)
        {
            await ApiError.Of(ApiErrorCode.InvalidCredentials).ExecuteAsync(context);
            return;
        }
        context.Features.Set(account);
        await next(context);
    }

    private static string? First(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
