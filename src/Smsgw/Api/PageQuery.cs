using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Smsgw.Api;

/// <summary><c>limit</c> (default 1000, 1..2000, else 135) and <c>page</c> (default 1, ≥ 1, else 136) of every list.</summary>
internal readonly record struct PageQuery(int Page, int Limit)
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 2000;

    public static bool TryRead(HttpRequest request, out PageQuery query, out ApiError? error)
    {
        query = default;
        error = null;
        var limit = DefaultLimit;
        var page = 1;
        if (request.Query.TryGetValue("limit", out var limitText) && !string.IsNullOrEmpty(limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            error = ApiError.Of(ApiErrorCode.LimitInvalid);
            return false;
        }
        if (request.Query.TryGetValue("page", out var pageText) && !string.IsNullOrEmpty(pageText)
            && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            error = ApiError.Of(ApiErrorCode.PageInvalid);
            return false;
        }
        query = new PageQuery(page, limit);
        return true;
    }
}
