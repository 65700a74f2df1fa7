using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Smsgw.Accounts;
using Smsgw.Inbound;
using Smsgw.Messages;

namespace Smsgw.Api;

/// <summary>Inject an inbound SMS or MMS as if a handset sent it: present only while the simulator carrier is enabled.</summary>
internal static class SimulatorApi
{
    /// <summary>A concatenated SMS tops out near 39,000 characters (255 parts); MMS text is far shorter.</summary>
    private const int MaxInboundText = 40_000;

    public static RouteGroupBuilder MapSimulatorApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/simulator/inbound", InjectInboundAsync).WithName("SimulateInbound")
            .WithSummary("Simulator only: a message from a handset (from) to one of your senders (to), optionally with files")
            .Accepts<SimulatorInboundRequest>(isOptional: true, "application/json", "*/*");
        return v1;
    }

    private static async Task<Results<Ok<SimulatorInboundResponse>, ApiError>> InjectInboundAsync(
        HttpRequest request, Account account, PhoneNumberNormalizer phoneNumbers, InboundMessageReceiver receiver, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body.Error is { } tooLarge)
        {
            return tooLarge;
        }
        if (body.Json.IsEmpty)
        {
            return ApiError.Of(ApiErrorCode.EmptyRequest);
        }
        SimulatorInboundRequest? inbound;
        try
        {
            inbound = JsonSerializer.Deserialize(body.Json.Span, SmsgwJsonContext.Default.SimulatorInboundRequest);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ApiError.Of(ApiErrorCode.JsonParse);
        }
        if (inbound is null)
        {
            return ApiError.Of(ApiErrorCode.EmptyRequest);
        }
        if (!phoneNumbers.TryNormalize(inbound.From, out var from))
        {
            return ApiError.Of(ApiErrorCode.PhoneInvalid, "from");
        }
        if (string.IsNullOrWhiteSpace(inbound.To) || SenderRules.Normalize(inbound.To) is not { } to)
        {
            return ApiError.Of(ApiErrorCode.DestinationInvalid, "to must be one of your senders (a number or a name)");
        }
        var files = new List<InboundFile>();
        foreach (var file in inbound.Files ?? [])
        {
            if (file is null || string.IsNullOrWhiteSpace(file.Mime) || string.IsNullOrEmpty(file.ContentBase64))
            {
                return ApiError.Of(ApiErrorCode.InvalidParameters, "each file needs mime and contentBase64");
            }
            byte[] content;
            try
            {
                content = Convert.FromBase64String(file.ContentBase64);
            }
            catch (FormatException)
            {
                return ApiError.Of(ApiErrorCode.InvalidParameters, "contentBase64 is not valid base64");
            }
            files.Add(new InboundFile(file.Name ?? "file", file.Mime.Trim(), content));
        }
        if (string.IsNullOrEmpty(inbound.Message) && files.Count == 0)
        {
            return ApiError.Of(ApiErrorCode.NoMessage);
        }
        if (inbound.Message is { Length: > MaxInboundText })
        {
            return ApiError.Of(ApiErrorCode.InvalidParameters, $"message is longer than {MaxInboundText} characters");
        }
        var result = await receiver.ReceiveAsync(new InboundSubmission(account.Id, from, to, inbound.Message ?? "", files, null), cancellationToken);
        return result switch
        {
            InboundReceiveResult.Stored stored => TypedResults.Ok(new SimulatorInboundResponse(stored.InboxId.ToString(CultureInfo.InvariantCulture))),
            InboundReceiveResult.Invalid invalid => ApiError.Of(ApiErrorCode.InvalidParameters, invalid.Reason),
            _ => throw new InvalidOperationException($"Unknown inbound result {result}"),
        };
    }
}
