using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary>Every <c>--json</c> output shape. API verbs print the SDK's wire records, so their output is the wire's JSON.</summary>
[JsonSerializable(typeof(IssuedCredentialsOutput))]
[JsonSerializable(typeof(IReadOnlyList<AccountOutput>))]
[JsonSerializable(typeof(SendOneOutput))]
[JsonSerializable(typeof(SendManyOutput))]
[JsonSerializable(typeof(ConversationPage))]
[JsonSerializable(typeof(InboxPage))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(MessageDetail))]
[JsonSerializable(typeof(InboundOutput))]
[JsonSerializable(typeof(WebhookRegistration))]
[JsonSerializable(typeof(IReadOnlyList<Webhook>))]
[JsonSerializable(typeof(IReadOnlyList<WebhookEvent>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Writes non-ASCII text and quotes as themselves: the output is read by people and jq, not embedded in HTML.</summary>
    public static CliJsonContext Output { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
