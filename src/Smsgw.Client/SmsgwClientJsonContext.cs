using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>Source-generated JSON for every wire record, so the SDK works trimmed and AOT-compiled.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SendOneRequest))]
[JsonSerializable(typeof(SendManyRequest))]
[JsonSerializable(typeof(SendOneResponse))]
[JsonSerializable(typeof(SendManyResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ConversationPage))]
[JsonSerializable(typeof(InboxPage))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(MessageDetail))]
[JsonSerializable(typeof(SimulatorInboundRequest))]
[JsonSerializable(typeof(SimulatorInboundResponse))]
[JsonSerializable(typeof(CreateWebhookRequest))]
[JsonSerializable(typeof(WebhookRegistration))]
[JsonSerializable(typeof(WebhookListResponse))]
[JsonSerializable(typeof(IReadOnlyList<WebhookEvent>))]
[JsonSerializable(typeof(WebhookReplayResponse))]
[JsonSerializable(typeof(WebhookDeleteResponse))]
internal sealed partial class SmsgwClientJsonContext : JsonSerializerContext;
