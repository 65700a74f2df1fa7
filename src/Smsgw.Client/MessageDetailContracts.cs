using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>
/// One sent message's status and parts (<c>GET /v1/message/{messageid}</c>): an smsgw extension, not in the hosted Smstools API.
/// </summary>
public sealed record MessageDetail
{
    /// <summary>The message id.</summary>
    [JsonPropertyName("messageid")] public string MessageId { get; init; } = "";

    /// <summary>Delivery status, as in <see cref="ConversationMessage.DeliveryStatus"/>.</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";

    /// <summary>The Smstools numeric delivery code as a string: 0 submitted, 1 delivered, 2 not delivered, 3 buffered, 4 rejected, 9 unknown.</summary>
    [JsonPropertyName("delivery_code")] public string DeliveryCode { get; init; } = "";

    /// <summary>Why it failed or was refused, when known.</summary>
    [JsonPropertyName("statusDetail")] public string? StatusDetail { get; init; }

    /// <summary>The sender it goes out as.</summary>
    [JsonPropertyName("sender")] public string Sender { get; init; } = "";

    /// <summary>The recipient's number.</summary>
    [JsonPropertyName("to")] public string To { get; init; } = "";

    /// <summary>The text.</summary>
    [JsonPropertyName("message")] public string Message { get; init; } = "";

    /// <summary>Your reference, if the send had one.</summary>
    [JsonPropertyName("reference")] public string? Reference { get; init; }

    /// <summary>When it was accepted, as <c>yyyy-MM-dd HH:mm:ss</c> in the gateway's zone.</summary>
    [JsonPropertyName("date")] public string Date { get; init; } = "";

    /// <summary>When it was accepted, in Unix seconds.</summary>
    [JsonPropertyName("unixDatetime")] public long UnixDateTime { get; init; }

    /// <summary>When it is due, for a scheduled message, in Unix seconds.</summary>
    [JsonPropertyName("scheduledUnixDatetime")] public long? ScheduledUnixDateTime { get; init; }

    /// <summary>After when it will no longer be handed to a carrier, in Unix seconds.</summary>
    [JsonPropertyName("validUntilUnixDatetime")] public long? ValidUntilUnixDateTime { get; init; }

    /// <summary>When the status last changed, in Unix seconds.</summary>
    [JsonPropertyName("statusUnixDatetime")] public long StatusUnixDateTime { get; init; }

    /// <summary><c>GSM-7</c> or <c>UCS-2</c>.</summary>
    [JsonPropertyName("encoding")] public string Encoding { get; init; } = "";

    /// <summary>SMS parts the text needs.</summary>
    [JsonPropertyName("parts")] public int Parts { get; init; }

    /// <summary>The carrier it was handed to, once handed.</summary>
    [JsonPropertyName("carrier")] public string? Carrier { get; init; }

    /// <summary>Each part as the carrier knows it.</summary>
    [JsonPropertyName("partDetails")] public IReadOnlyList<MessagePart> PartDetails { get; init; } = [];
}

/// <summary>One SMS part of a sent message.</summary>
public sealed record MessagePart
{
    /// <summary>Part number, from 1.</summary>
    [JsonPropertyName("part")] public int Part { get; init; }

    /// <summary>The carrier's id for this part.</summary>
    [JsonPropertyName("carrierMessageId")] public string CarrierMessageId { get; init; } = "";

    /// <summary>This part's delivery status.</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";

    /// <summary>The carrier's error code, when it reported one.</summary>
    [JsonPropertyName("errorCode")] public string? ErrorCode { get; init; }

    /// <summary>When this part's status last changed, in Unix seconds.</summary>
    [JsonPropertyName("unixDatetime")] public long UnixDateTime { get; init; }
}
