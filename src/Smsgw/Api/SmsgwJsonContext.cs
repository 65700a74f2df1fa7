using System.Text.Json.Serialization;

namespace Smsgw.Api;

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(JsonParseErrorBody))]
[JsonSerializable(typeof(SendOneResponse))]
[JsonSerializable(typeof(SendRequestBody))]
[JsonSerializable(typeof(SendManyResponse))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(InboxPage))]
[JsonSerializable(typeof(ConversationPage))]
[JsonSerializable(typeof(MessageDetail))]
[JsonSerializable(typeof(SimulatorInboundRequest))]
[JsonSerializable(typeof(SimulatorInboundResponse))]
[JsonSerializable(typeof(WebhookCreated))]
[JsonSerializable(typeof(WebhookList))]
[JsonSerializable(typeof(WebhookDeleted))]
[JsonSerializable(typeof(WebhookReplayed))]
[JsonSerializable(typeof(IReadOnlyList<WebhookEventItem>))]
[JsonSerializable(typeof(Messages.SendRequest))]
internal sealed partial class SmsgwJsonContext : JsonSerializerContext;
