using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Smsgw.Inbound;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Api;

/// <summary>
/// Inbound SMS and MMS from any HTTP-speaking upstream provider: <c>POST /carriers/{carrierId}/inbound</c>, JSON
/// (<c>from</c>, <c>to</c>, <c>message</c>, optional <c>id</c> and <c>files</c> as in the simulator) or multipart form
/// (the same fields, files as file parts). The message lands in the account that owns the <c>to</c> number
/// (<c>smsgw numbers add</c>), in its conversation and inbox, and fires <c>inbox_message</c>. A repeated delivery
/// with the same <c>id</c> is stored once.
/// </summary>
internal static class CarrierInboundApi
{
    public static IEndpointRouteBuilder MapCarrierInboundApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/carriers/{carrierId}/inbound", ReceiveAsync).WithName("CarrierInbound").WithTags("Carriers")
            .WithSummary("An upstream provider delivers an inbound SMS/MMS (token per provider)");
        return app;
    }

    private sealed record CarrierMessage(string? From, string? To, string? Message, string? Id, List<InboundFile> Files);

    private static async Task<Results<Ok<SimulatorInboundResponse>, ApiError>> ReceiveAsync(
        string carrierId, HttpRequest request, IOptions<HttpCarrierOptions> carriers, PhoneNumberNormalizer phoneNumbers,
        INumberStore numbers, InboundMessageReceiver receiver, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : request.Headers["X-Carrier-Token"].ToString();
        if (!carriers.Value.Authenticates(carrierId, token))
        {
            return ApiError.Of(ApiErrorCode.InvalidCredentials);
        }
        CarrierMessage message;
        try
        {
            message = request.HasFormContentType ? await ReadFormAsync(request, cancellationToken) : await ReadJsonAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ApiError.Of(ApiErrorCode.BodyTooLarge);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or InvalidDataException or FormatException or IOException
            or BadHttpRequestException)
        {
            return ApiError.Of(ApiErrorCode.InvalidParameters, "the body is neither the documented JSON nor a multipart form");
        }
        if (!phoneNumbers.TryNormalize(message.From, out var from))
        {
            return ApiError.Of(ApiErrorCode.PhoneInvalid, "from");
        }
        var to = message.To?.Trim() ?? "";
        if (!(to.Length is >= 3 and <= 8 && to.All(char.IsAsciiDigit)) && !phoneNumbers.TryNormalize(to, out to))
        {
            return ApiError.Of(ApiErrorCode.DestinationInvalid, "to");
        }
        if (await numbers.FindOwnerAsync(to, cancellationToken) is not { } owner)
        {
            return ApiError.Of(ApiErrorCode.NumberNotAssigned, to);
        }
        if (string.IsNullOrEmpty(message.Message) && message.Files.Count == 0)
        {
            return ApiError.Of(ApiErrorCode.NoMessage);
        }
        var externalId = string.IsNullOrEmpty(message.Id) ? null : $"{carrierId.ToLowerInvariant()}:{message.Id}";
        var result = await receiver.ReceiveAsync(new InboundSubmission(owner, from, to, message.Message ?? "", message.Files, externalId), cancellationToken);
        return result switch
        {
            InboundReceiveResult.Stored stored => TypedResults.Ok(new SimulatorInboundResponse(stored.InboxId.ToString(CultureInfo.InvariantCulture))),
            InboundReceiveResult.Invalid invalid => ApiError.Of(ApiErrorCode.InvalidParameters, invalid.Reason),
            _ => throw new InvalidOperationException($"Unknown inbound result {result}"),
        };
    }

    private static async Task<CarrierMessage> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body.Error is not null)
        {
            throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        }
        using var document = JsonDocument.Parse(body.Json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !JsonFields.TryText(root, "from", out var from) || !JsonFields.TryText(root, "to", out var to)
            || !JsonFields.TryText(root, "message", out var text) || !JsonFields.TryText(root, "id", out var id))
        {
            throw new FormatException("not the documented JSON");
        }
        var files = new List<InboundFile>();
        if (root.TryGetProperty("files", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var file in list.EnumerateArray())
            {
                if (file.ValueKind != JsonValueKind.Object || !JsonFields.TryText(file, "name", out var name) || !JsonFields.TryText(file, "mime", out var mime)
                    || !JsonFields.TryText(file, "contentBase64", out var content) || mime is null || content is null)
                {
                    throw new FormatException("each file needs mime and contentBase64");
                }
                files.Add(new InboundFile(name ?? "file", mime, Convert.FromBase64String(content)));
            }
        }
        return new CarrierMessage(from, to, text, id, files);
    }

    private static async Task<CarrierMessage> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var files = new List<InboundFile>();
        foreach (var file in form.Files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            files.Add(new InboundFile(file.FileName, file.ContentType ?? "application/octet-stream", buffer.ToArray()));
        }
        return new CarrierMessage(form["from"], form["to"], form["message"], form["id"], files);
    }
}
