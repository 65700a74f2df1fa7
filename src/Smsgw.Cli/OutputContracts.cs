using System.Text.Json.Serialization;

namespace Smsgw.Cli;

// --json shapes of the verbs that have no SDK record to print. Sends mirror the wire's {"messageid"} / {"messageids"}.

internal sealed record IssuedCredentialsOutput(
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clientSecret")] string ClientSecret);

internal sealed record AccountOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("disabled")] bool Disabled,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt);

internal sealed record SendOneOutput([property: JsonPropertyName("messageid")] string MessageId);

internal sealed record SendManyOutput([property: JsonPropertyName("messageids")] IReadOnlyList<string> MessageIds);

internal sealed record InboundOutput([property: JsonPropertyName("ID")] string Id);
