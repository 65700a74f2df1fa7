using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Api;

/// <summary>The seed endpoint: a thread with one number, both directions, newest first (reference §2.7).</summary>
internal static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/conversation/{phone}", GetConversationAsync).WithName("GetConversation")
            .WithSummary("Messages to and from one number, newest first; the number may be written in any usual form");
        return v1;
    }

    private static async Task<Results<Ok<ConversationPage>, ApiError>> GetConversationAsync(
        string phone, HttpRequest request, Account account, IMessageStore store, PhoneNumberNormalizer phoneNumbers, FileLinks links,
        CancellationToken cancellationToken)
    {
        if (!phoneNumbers.TryNormalize(phone, out var peer))
        {
            return ApiError.Of(ApiErrorCode.PhoneInvalid);
        }
        if (!PageQuery.TryRead(request, out var query, out var error))
        {
            return error!;
        }
        var page = await store.GetConversationAsync(account.Id, peer, query.Page, query.Limit, cancellationToken);
        var items = page.Items.Select(m => ToItem(m, request, links)).ToList();
        return TypedResults.Ok(new ConversationPage(page.Total, items.Count, query.Page, query.Limit, items));
    }

    private static ConversationItem ToItem(StoredMessage m, HttpRequest request, FileLinks links)
    {
        var outbound = m.Direction == MessageDirection.Outbound;
        return new ConversationItem(
            outbound ? m.MessageId : null,
            outbound ? "outbound" : "inbound",
            outbound ? m.Local : m.Peer,
            outbound ? m.Peer : m.Local,
            m.Body,
            links.For(request, m.Files),
            SmstoolsDates.ConversationDateTime(m.CreatedAt),
            m.CreatedAt.ToUnixTimeSeconds(),
            m.Status.ToWireName());
    }
}
