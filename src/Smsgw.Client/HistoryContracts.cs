using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>One page of sent messages (<c>GET /v1/message/history</c>), newest first.</summary>
public sealed record HistoryPage
{
    /// <summary>Sent messages in all pages.</summary>
    [JsonPropertyName("total")] public long Total { get; init; }

    /// <summary>Messages on this page.</summary>
    [JsonPropertyName("shown")] public int Shown { get; init; }

    /// <summary>This page's number, from 1.</summary>
    [JsonPropertyName("page")] public int Page { get; init; }

    /// <summary>Page size the gateway applied.</summary>
    [JsonPropertyName("limit")] public int Limit { get; init; }

    /// <summary>The messages, newest first.</summary>
    [JsonPropertyName("messages")] public IReadOnlyList<HistoryMessage> Messages { get; init; } = [];
}

/// <summary>A sent message. Numbers are JSON strings here, as in Smstools.</summary>
public sealed record HistoryMessage
{
    /// <summary>The message id.</summary>
    [JsonPropertyName("ID")] public string Id { get; init; } = "";

    /// <summary>The text.</summary>
    [JsonPropertyName("message")] public string Message { get; init; } = "";

    /// <summary>The recipient's number.</summary>
    [JsonPropertyName("to")] public string To { get; init; } = "";

    /// <summary>The sender it went out as.</summary>
    [JsonPropertyName("sender")] public string Sender { get; init; } = "";

    /// <summary>When it was accepted, as <c>yyyy-MM-dd HH:mm:ss</c> in the gateway's zone.</summary>
    [JsonPropertyName("date")] public string Date { get; init; } = "";

    /// <summary>SMS parts charged, as a string.</summary>
    [JsonPropertyName("amount")] public string Amount { get; init; } = "";

    /// <summary><c>single</c> or <c>group</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";

    /// <summary>Delivery status, as in <see cref="ConversationMessage.DeliveryStatus"/>.</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";

    /// <summary>Your reference, if the send had one.</summary>
    [JsonPropertyName("reference")] public string? Reference { get; init; }
}
