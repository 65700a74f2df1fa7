using System.Text.Json.Serialization;

namespace Smsgw.Api;

// Wire records of the Smstools API. Names are copied exactly, inconsistencies included
// (messageid on send, messageId in a conversation, ID in lists).

internal sealed record SendOneResponse([property: JsonPropertyName("messageid")] string MessageId);

internal sealed record SendManyResponse([property: JsonPropertyName("messageids")] IReadOnlyList<string> MessageIds);

/// <summary>POST /v1/message/send body, described for the OpenAPI document; the handler reads the JSON itself so
/// that every form clients send is accepted (<c>to</c> as string or array, numbers as strings, any Content-Type).</summary>
internal sealed record SendRequestBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("to")] IReadOnlyList<string> To,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("test")] bool? Test,
    [property: JsonPropertyName("subid")] string? SubId);

internal sealed record HistoryItem(
    [property: JsonPropertyName("ID")] string Id,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("amount")] string Amount,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reference")] string? Reference);

internal sealed record HistoryPage(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("shown")] int Shown,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("messages")] IReadOnlyList<HistoryItem> Messages);

internal sealed record InboxItem(
    [property: JsonPropertyName("ID")] string Id,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("receiver")] string Receiver,
    [property: JsonPropertyName("file")] IReadOnlyList<FileItem>? File);

internal sealed record InboxPage(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("shown")] int Shown,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("messages")] IReadOnlyList<InboxItem> Messages);

internal sealed record FileItem(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("mime")] string Mime);

internal sealed record ConversationItem(
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("receiver")] string Receiver,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("file")] IReadOnlyList<FileItem>? File,
    [property: JsonPropertyName("datetime")] string DateTime,
    [property: JsonPropertyName("unixDatetime")] long UnixDateTime,
    [property: JsonPropertyName("deliveryStatus")] string DeliveryStatus);

internal sealed record ConversationPage(
    [property: JsonPropertyName("total")] long Total,
    [property: JsonPropertyName("shown")] int Shown,
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("conversation")] IReadOnlyList<ConversationItem> Conversation);

/// <summary>GET /v1/message/{messageid}: a local extension (reference decision 16).</summary>
internal sealed record MessageDetail(
    [property: JsonPropertyName("messageid")] string MessageId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("delivery_code")] string DeliveryCode,
    [property: JsonPropertyName("statusDetail")] string? StatusDetail,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("unixDatetime")] long UnixDateTime,
    [property: JsonPropertyName("scheduledUnixDatetime")] long? ScheduledUnixDateTime,
    [property: JsonPropertyName("validUntilUnixDatetime")] long? ValidUntilUnixDateTime,
    [property: JsonPropertyName("statusUnixDatetime")] long StatusUnixDateTime,
    [property: JsonPropertyName("encoding")] string Encoding,
    [property: JsonPropertyName("parts")] int Parts,
    [property: JsonPropertyName("carrier")] string? Carrier,
    [property: JsonPropertyName("partDetails")] IReadOnlyList<MessagePartDetail> PartDetails);

internal sealed record MessagePartDetail(
    [property: JsonPropertyName("part")] int Part,
    [property: JsonPropertyName("carrierMessageId")] string CarrierMessageId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("unixDatetime")] long UnixDateTime);

/// <summary>POST /v1/simulator/inbound body (simulator carrier only).</summary>
internal sealed record SimulatorInboundRequest(
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("files")] IReadOnlyList<SimulatorInboundFile>? Files);

internal sealed record SimulatorInboundFile(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("mime")] string? Mime,
    [property: JsonPropertyName("contentBase64")] string? ContentBase64);

internal sealed record SimulatorInboundResponse([property: JsonPropertyName("ID")] string Id);
