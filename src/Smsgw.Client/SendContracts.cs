using System.Text.Json.Serialization;

namespace Smsgw.Client;

// The send body has two shapes on the wire: "to" as a string answers {"messageid"}, as an array {"messageids"}.

internal sealed record SendOneRequest(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("test")] bool? Test);

internal sealed record SendManyRequest(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("to")] IReadOnlyList<string> To,
    [property: JsonPropertyName("sender")] string Sender,
    [property: JsonPropertyName("date")] string? Date,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("test")] bool? Test);

internal sealed record SendOneResponse([property: JsonPropertyName("messageid")] string? MessageId);

internal sealed record SendManyResponse([property: JsonPropertyName("messageids")] IReadOnlyList<string>? MessageIds);

internal sealed record ErrorResponse(
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errorMsg")] string? ErrorMsg);
