using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Storage;
using Smsgw.Webhooks;

namespace Smsgw.Api;

/// <summary>Webhook management (reference §6.1), plus a replay extension.</summary>
internal static class WebhooksApi
{
    private static readonly string[] SupportedTypes = ["delivery_report", "inbox_message"];
    private const int RecentEvents = 100;

    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/webhook/create", CreateAsync).WithName("CreateWebhook")
            .WithSummary("Register an endpoint for delivery_report and/or inbox_message events; answers the signing secret");
        v1.MapGet("/webhook/endpoint-list", ListAsync).WithName("ListWebhooks").WithSummary("The account's webhooks");
        v1.MapGet("/webhook/{id}", GetEventsAsync).WithName("GetWebhookEvents")
            .WithSummary("The webhook's recent events (newest first) with their delivery state; ?state=pending|delivered|dead");
        v1.MapDelete("/webhook/{secret}", DeleteAsync).WithName("DeleteWebhook").WithSummary("Delete the webhook with this secret");
        v1.MapPost("/webhook/{id}/replay", ReplayAsync).WithName("ReplayWebhookEvents")
            .WithSummary("Extension: deliver again every dead event of the webhook, or the one named by ?event_id=");
        return v1;
    }

    private static async Task<Results<Ok<WebhookCreated>, ApiError>> CreateAsync(
        HttpRequest request, Account account, IWebhookStore store, WebhookAddressGuard guard, IOptions<WebhookOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body.Error is { } tooLarge)
        {
            return tooLarge;
        }
        if (body.Json.IsEmpty)
        {
            return ApiError.Of(ApiErrorCode.EmptyRequest);
        }
        string? endpoint, method;
        List<string> types = [];
        try
        {
            using var document = JsonDocument.Parse(body.Json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiError.Of(ApiErrorCode.JsonParse);
            }
            if (!JsonFields.TryText(root, "webhook_endpoint", out endpoint) || !JsonFields.TryText(root, "webhook_method", out method))
            {
                return ApiError.Of(ApiErrorCode.InvalidParameters, "webhook_endpoint and webhook_method are strings");
            }
            if (root.TryGetProperty("webhook_types", out var typesElement))
            {
                if (typesElement.ValueKind == JsonValueKind.Array)
                {
                    types.AddRange(typesElement.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : ""));
                }
                else if (typesElement.ValueKind == JsonValueKind.String)
                {
                    types.AddRange((typesElement.GetString() ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ApiError.Of(ApiErrorCode.JsonParse);
        }
        if ((endpoint is null ? "webhook_endpoint is required" : guard.Check(endpoint)) is { } badEndpoint)
        {
            return ApiError.Of(ApiErrorCode.InvalidParameters, badEndpoint);
        }
        method = (method ?? "POST").ToUpperInvariant();
        if (method is not ("POST" or "GET"))
        {
            return ApiError.Of(ApiErrorCode.InvalidParameters, "webhook_method must be POST or GET");
        }
        if (types.Count == 0 || types.Any(t => !SupportedTypes.Contains(t)))
        {
            return ApiError.Of(ApiErrorCode.InvalidParameters, $"webhook_types must list one or more of: {string.Join(", ", SupportedTypes)}");
        }
        var maxPerAccount = options.Value.MaxPerAccount;
        var webhook = await store.CreateAsync(account.Id, RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 26), endpoint!, method,
            types.Distinct().ToList(), Guid.NewGuid().ToString("D"), maxPerAccount, timeProvider.GetUtcNow(), cancellationToken);
        return webhook is null
            ? ApiError.Of(ApiErrorCode.InvalidParameters, $"an account may have at most {maxPerAccount} webhooks: delete one first")
            : TypedResults.Ok(new WebhookCreated(webhook.Secret, webhook.WebhookId));
    }

    private static async Task<Ok<WebhookList>> ListAsync(Account account, IWebhookStore store, CancellationToken cancellationToken)
    {
        var webhooks = await store.ListAsync(account.Id, cancellationToken);
        return TypedResults.Ok(new WebhookList(webhooks.Select(w => new WebhookItem(w.WebhookId, w.Endpoint, w.Method, w.Types)).ToList()));
    }

    private static async Task<Results<Ok<IReadOnlyList<WebhookEventItem>>, ApiError>> GetEventsAsync(
        string id, HttpRequest request, Account account, IWebhookStore store, WebhookPayloads payloads, CancellationToken cancellationToken)
    {
        WebhookEventState? state = request.Query["state"].ToString().ToLowerInvariant() switch
        {
            "" => null,
            "pending" => WebhookEventState.Pending,
            "delivered" => WebhookEventState.Delivered,
            "dead" => WebhookEventState.Dead,
            _ => (WebhookEventState)(-1),
        };
        if (state == (WebhookEventState)(-1))
        {
            return ApiError.Of(ApiErrorCode.InvalidParameters, "state must be pending, delivered or dead");
        }
        if (await store.FindAsync(account.Id, id, cancellationToken) is null)
        {
            return ApiError.Of(ApiErrorCode.WebhookNotFound);
        }
        var events = await store.RecentEventsAsync(account.Id, id, state, RecentEvents, cancellationToken);
        IReadOnlyList<WebhookEventItem> items = events.Select(e => new WebhookEventItem(
            JsonElement.Parse(payloads.Json(e)),
            new WebhookDeliveryState(e.State.ToString().ToLowerInvariant(), e.Attempts, e.LastStatus, e.LastError,
                e.NextAttemptAt?.ToUnixTimeSeconds(), e.DeliveredAt?.ToUnixTimeSeconds()))).ToList();
        return TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<WebhookDeleted>, ApiError>> DeleteAsync(
        string secret, Account account, IWebhookStore store, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        await store.DeleteAsync(account.Id, secret, timeProvider.GetUtcNow(), cancellationToken)
            ? TypedResults.Ok(new WebhookDeleted(true))
            : ApiError.Of(ApiErrorCode.WebhookNotFound);

    private static async Task<Results<Ok<WebhookReplayed>, ApiError>> ReplayAsync(
        string id, HttpRequest request, Account account, IWebhookStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(account.Id, id, cancellationToken) is null)
        {
            return ApiError.Of(ApiErrorCode.WebhookNotFound);
        }
        var eventId = request.Query["event_id"].ToString();
        var replayed = await store.ReplayAsync(account.Id, id, eventId.Length == 0 ? null : eventId, timeProvider.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new WebhookReplayed(replayed));
    }
}
