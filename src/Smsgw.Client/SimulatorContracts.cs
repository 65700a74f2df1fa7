using System.Text.Json.Serialization;

namespace Smsgw.Client;

/// <summary>A file attached to a simulated inbound MMS.</summary>
/// <param name="Name">File name, e.g. <c>photo.jpg</c>.</param>
/// <param name="Mime">MIME type, e.g. <c>image/jpeg</c>.</param>
/// <param name="Content">The bytes.</param>
public sealed record SimulatedFile(string Name, string Mime, ReadOnlyMemory<byte> Content);

internal sealed record SimulatorInboundRequest(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("files")] IReadOnlyList<SimulatorInboundFile>? Files);

internal sealed record SimulatorInboundFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("mime")] string Mime,
    [property: JsonPropertyName("contentBase64")] string ContentBase64);

internal sealed record SimulatorInboundResponse([property: JsonPropertyName("ID")] string? Id);
