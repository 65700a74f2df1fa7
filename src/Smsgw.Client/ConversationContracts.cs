using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>One page of the thread with one number (<c>GET /v1/conversation/{phone}</c>), newest first.</summary>
public sealed record ConversationPage
{
    /// <summary>Messages in the whole thread.</summary>
    [JsonPropertyName("total")] public long Total { get; init; }

    /// <summary>Messages on this page.</summary>
    [JsonPropertyName("shown")] public int Shown { get; init; }

    /// <summary>This page's number, from 1.</summary>
    [JsonPropertyName("page")] public int Page { get; init; }

    /// <summary>Page size the gateway applied.</summary>
    [JsonPropertyName("limit")] public int Limit { get; init; }

    /// <summary>The messages, both directions, newest first.</summary>
    [JsonPropertyName("conversation")] public IReadOnlyList<ConversationMessage> Conversation { get; init; } = [];
}

/// <summary>A message in a conversation. Note the wire's camelCase <c>messageId</c> here, unlike elsewhere.</summary>
public sealed record ConversationMessage
{
    /// <summary>The id of an outbound message; null for inbound ones.</summary>
    [JsonPropertyName("messageId")] public string? MessageId { get; init; }

    /// <summary><c>outbound</c> or <c>inbound</c>.</summary>
    [JsonPropertyName("direction")] public string Direction { get; init; } = "";

    /// <summary>Who sent it: your sender for outbound, the handset's number for inbound.</summary>
    [JsonPropertyName("sender")] public string Sender { get; init; } = "";

    /// <summary>Who received it.</summary>
    [JsonPropertyName("receiver")] public string Receiver { get; init; } = "";

    /// <summary>The text.</summary>
    [JsonPropertyName("message")] public string Message { get; init; } = "";

    /// <summary>MMS files; null when there are none.</summary>
    [JsonPropertyName("file")] public IReadOnlyList<MessageFile>? File { get; init; }

    /// <summary>When, as <c>05 jun 2025, 08:44:46</c> in UTC.</summary>
    [JsonPropertyName("datetime")] public string DateTime { get; init; } = "";

    /// <summary>When, in Unix seconds.</summary>
    [JsonPropertyName("unixDatetime")] public long UnixDateTime { get; init; }

    /// <summary><c>SUBMITTED</c>, <c>BUFFERED</c>, <c>DELIVERED</c>, <c>NOT DELIVERED</c>, <c>REJECTED</c>, <c>CANCELLED</c> or <c>UNKNOWN</c>.</summary>
    [JsonPropertyName("deliveryStatus")] public string DeliveryStatus { get; init; } = "";
}

/// <summary>A file of an MMS. Its URL is a capability: it downloads without credentials.</summary>
public sealed record MessageFile
{
    /// <summary>The file name the sender gave.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>Absolute URL of the file's bytes (the wire calls it <c>image</c> whatever the type).</summary>
    [JsonPropertyName("image")] public string Image { get; init; } = "";

    /// <summary>MIME type, e.g. <c>image/jpeg</c>.</summary>
    [JsonPropertyName("mime")] public string Mime { get; init; } = "";
}
