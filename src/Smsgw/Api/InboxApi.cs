using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Api;

/// <summary>Received messages (reference §2.5).</summary>
internal static class InboxApi
{
    public static RouteGroupBuilder MapInboxApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/message/inbox", GetInboxAsync).WithName("GetInbox")
            .WithSummary("Received messages, newest first; type sms (default), whatsapp or call");
        return v1;
    }

    private static async Task<Results<Ok<InboxPage>, ApiError>> GetInboxAsync(
        HttpRequest request, Account account, IMessageStore store, SmstoolsDates dates, FileLinks links, CancellationToken cancellationToken)
    {
        if (!PageQuery.TryRead(request, out var query, out var error))
        {
            return error!;
        }
        var type = request.Query["type"].ToString();
        switch (type.ToLowerInvariant())
        {
            case "" or "sms":
                break;
            case "whatsapp" or "call":
                // No WhatsApp or call channel exists here: those inboxes are empty, not an error.
                return TypedResults.Ok(new InboxPage(0, 0, query.Page, query.Limit, []));
            default:
                return ApiError.Of(ApiErrorCode.InvalidParameters, "type must be sms, whatsapp or call");
        }
        var page = await store.GetListAsync(account.Id, MessageDirection.Inbound, query.Page, query.Limit, cancellationToken);
        var items = page.Items.Select(m => new InboxItem(m.ListSeq.ToString(CultureInfo.InvariantCulture), m.Body, m.Peer, "sms",
            dates.ListDate(m.CreatedAt), m.Local, links.For(request, m.Files))).ToList();
        return TypedResults.Ok(new InboxPage(page.Total, items.Count, query.Page, query.Limit, items));
    }
}
