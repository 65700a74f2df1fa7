using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>One page of received messages (<c>GET /v1/message/inbox</c>), newest first.</summary>
public sealed record InboxPage
{
    /// <summary>Received messages in all pages.</summary>
    [JsonPropertyName("total")] public long Total { get; init; }

    /// <summary>Messages on this page.</summary>
    [JsonPropertyName("shown")] public int Shown { get; init; }

    /// <summary>This page's number, from 1.</summary>
    [JsonPropertyName("page")] public int Page { get; init; }

    /// <summary>Page size the gateway applied.</summary>
    [JsonPropertyName("limit")] public int Limit { get; init; }

    /// <summary>The messages, newest first.</summary>
    [JsonPropertyName("messages")] public IReadOnlyList<InboxMessage> Messages { get; init; } = [];
}

/// <summary>A received message.</summary>
public sealed record InboxMessage
{
    /// <summary>The inbox id (digits, as a string).</summary>
    [JsonPropertyName("ID")] public string Id { get; init; } = "";

    /// <summary>The text.</summary>
    [JsonPropertyName("message")] public string Message { get; init; } = "";

    /// <summary>The handset's number.</summary>
    [JsonPropertyName("sender")] public string Sender { get; init; } = "";

    /// <summary><c>sms</c>, <c>whatsapp</c> or <c>call</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";

    /// <summary>When, as <c>yyyy-MM-dd HH:mm:ss</c> in the gateway's zone.</summary>
    [JsonPropertyName("date")] public string Date { get; init; } = "";

    /// <summary>Your number or sender name it was sent to; may be absent.</summary>
    [JsonPropertyName("receiver")] public string? Receiver { get; init; }

    /// <summary>MMS files; null when there are none.</summary>
    [JsonPropertyName("file")] public IReadOnlyList<MessageFile>? File { get; init; }
}
