using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smsgw.Api;

internal sealed record WebhookCreated(
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("id")] string Id);

internal sealed record WebhookItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("webhook_endpoint")] string Endpoint,
    [property: JsonPropertyName("webhook_method")] string Method,
    [property: JsonPropertyName("webhook_types")] IReadOnlyList<string> Types);

internal sealed record WebhookList([property: JsonPropertyName("webhooks")] IReadOnlyList<WebhookItem> Webhooks);

internal sealed record WebhookDeleted([property: JsonPropertyName("success")] bool Success);

internal sealed record WebhookReplayed([property: JsonPropertyName("replayed")] int Replayed);

/// <summary>How an event's delivery stands (beyond the reference: added to each event of GET /v1/webhook/{ID}).</summary>
internal sealed record WebhookDeliveryState(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("last_status")] int? LastStatus,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("next_attempt")] long? NextAttempt,
    [property: JsonPropertyName("delivered")] long? Delivered);

/// <summary>An event as GET /v1/webhook/{ID} lists it: the payload the endpoint receives, plus its delivery.</summary>
internal sealed record WebhookEventItem(
    [property: JsonPropertyName("event")] JsonElement Event,
    [property: JsonPropertyName("delivery")] WebhookDeliveryState Delivery);
