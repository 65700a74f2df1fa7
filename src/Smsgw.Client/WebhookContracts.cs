using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>A webhook just created: its id, and the secret that signs its deliveries and deletes it.</summary>
public sealed record WebhookRegistration
{
    /// <summary>The secret: the HMAC key of <c>X-Smsgw-Signature</c>; also what <c>DeleteWebhookAsync</c> takes.</summary>
    [JsonPropertyName("secret")] public string Secret { get; init; } = "";

    /// <summary>The webhook's id (for its events and replays).</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";
}

/// <summary>A registered webhook.</summary>
public sealed record Webhook
{
    /// <summary>The webhook's id.</summary>
    [JsonPropertyName("id")] public string Id { get; init; } = "";

    /// <summary>Where events are sent.</summary>
    [JsonPropertyName("webhook_endpoint")] public string Endpoint { get; init; } = "";

    /// <summary><c>POST</c> (JSON body) or <c>GET</c> (query parameters).</summary>
    [JsonPropertyName("webhook_method")] public string Method { get; init; } = "";

    /// <summary><c>delivery_report</c> and/or <c>inbox_message</c>.</summary>
    [JsonPropertyName("webhook_types")] public IReadOnlyList<string> Types { get; init; } = [];
}

/// <summary>An event of a webhook: the payload its endpoint receives, and how its delivery stands.</summary>
public sealed record WebhookEvent
{
    /// <summary>The payload (reference §6.2/§6.3 plus <c>event_id</c> and <c>timestamp</c>).</summary>
    [JsonPropertyName("event")] public JsonElement Event { get; init; }

    /// <summary>Delivery state and attempts.</summary>
    [JsonPropertyName("delivery")] public WebhookDelivery Delivery { get; init; } = new();

    /// <summary>The event's id, stable across attempts.</summary>
    [JsonIgnore] public string EventId => Event.ValueKind == JsonValueKind.Object && Event.TryGetProperty("event_id", out var id) ? id.GetString() ?? "" : "";

    /// <summary><c>delivery_report</c> or <c>inbox_message</c>.</summary>
    [JsonIgnore] public string Type => Event.ValueKind == JsonValueKind.Object && Event.TryGetProperty("webhook_type", out var type) ? type.GetString() ?? "" : "";
}

/// <summary>How an event's delivery stands.</summary>
public sealed record WebhookDelivery
{
    /// <summary><c>pending</c>, <c>delivered</c> or <c>dead</c> (the retry schedule ran out; replayable).</summary>
    [JsonPropertyName("state")] public string State { get; init; } = "";

    /// <summary>Attempts made.</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; init; }

    /// <summary>HTTP status of the last attempt (null: no answer).</summary>
    [JsonPropertyName("last_status")] public int? LastStatus { get; init; }

    /// <summary>Why the last attempt failed.</summary>
    [JsonPropertyName("last_error")] public string? LastError { get; init; }

    /// <summary>Unix seconds of the next attempt, while pending.</summary>
    [JsonPropertyName("next_attempt")] public long? NextAttempt { get; init; }

    /// <summary>Unix seconds of the successful delivery.</summary>
    [JsonPropertyName("delivered")] public long? Delivered { get; init; }
}

internal sealed record CreateWebhookRequest(
    [property: JsonPropertyName("webhook_endpoint")] string Endpoint,
    [property: JsonPropertyName("webhook_method")] string Method,
    [property: JsonPropertyName("webhook_types")] IReadOnlyList<string> Types);

internal sealed record WebhookListResponse([property: JsonPropertyName("webhooks")] IReadOnlyList<Webhook>? Webhooks);

internal sealed record WebhookReplayResponse([property: JsonPropertyName("replayed")] int Replayed);

internal sealed record WebhookDeleteResponse([property: JsonPropertyName("success")] bool Success);
