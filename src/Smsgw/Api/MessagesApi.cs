using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Api;

/// <summary>Sending and sent messages: reference §2.1 and §2.8, plus the local extensions of decision 16.</summary>
internal static class MessagesApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Only id-shaped segments: GET /v1/message/send is an unknown route (154), not an unknown message.</summary>
    private const string MessageRoute = "/message/{messageid:regex(^[a-z0-9]{{20,40}}$)}";

    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/message/send", SendAsync).WithName("SendMessage")
            .WithSummary("Send an SMS to one number (string `to`) or several (array `to`)")
            // Optional and */* too: curl -d sends form-urlencoded, some clients no Content-Type at all.
            .Accepts<SendRequestBody>(isOptional: true, "application/json", "*/*");
        v1.MapGet("/message/history", GetHistoryAsync).WithName("GetHistory").WithSummary("Sent messages, newest first");
        v1.MapGet("/message/logging", GetHistoryAsync).WithName("GetLogging").WithSummary("Alias of /message/history used by newer clients");
        v1.MapGet(MessageRoute, GetMessageAsync).WithName("GetMessage")
            .WithSummary("Extension: one sent message's status and parts");
        v1.MapDelete(MessageRoute, CancelAsync).WithName("CancelMessage")
            .WithSummary("Extension: cancel a message not yet handed to a carrier (it stays readable as CANCELLED)");
        return v1;
    }

    private static async Task<Results<Ok<SendOneResponse>, Ok<SendManyResponse>, ContentHttpResult, ApiError>> SendAsync(
        HttpRequest request, Account account, MessageAcceptor acceptor, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body.Error is { } tooLarge)
        {
            return tooLarge;
        }
        var json = body.Json;
        if (json.IsEmpty)
        {
            return ApiError.Of(ApiErrorCode.EmptyRequest);
        }
        SendRequest sendRequest;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ApiError.Of(ApiErrorCode.JsonParse);
            }
            if (!document.RootElement.EnumerateObject().Any())
            {
                return ApiError.Of(ApiErrorCode.EmptyRequest);
            }
            if (ReadSendRequest(document.RootElement) is not { } parsed)
            {
                return ApiError.Of(ApiErrorCode.InvalidParameters, "a field has the wrong type");
            }
            sendRequest = parsed;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-16 (a lone surrogate escape) or UTF-8.
            return ApiError.Of(ApiErrorCode.JsonParse);
        }
        IdempotencyRequest? idempotency = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keys))
        {
            var key = keys.ToString();
            if (key.Length is 0 or > 255 || keys.Count > 1)
            {
                return ApiError.Of(ApiErrorCode.InvalidParameters, "Idempotency-Key must be one value of 1 to 255 characters");
            }
            // The parsed request, not its bytes: a retry that re-serialises the same request with other spacing matches.
            var canonical = JsonSerializer.SerializeToUtf8Bytes(sendRequest, SmsgwJsonContext.Default.SendRequest);
            idempotency = new IdempotencyRequest(key, SHA256.HashData(canonical), ids => RenderSendResponse(ids, sendRequest.ToIsArray));
        }
        var outcome = await acceptor.AcceptAsync(account, sendRequest, idempotency, cancellationToken);
        switch (outcome)
        {
            case SendOutcome.Rejected rejected:
                return ApiError.Of(ToErrorCode(rejected.Reason), rejected.Detail);
            case SendOutcome.Replayed replayed:
                request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Content(replayed.Response, "application/json; charset=utf-8");
            case SendOutcome.Accepted accepted when sendRequest.ToIsArray:
                return TypedResults.Ok(new SendManyResponse(accepted.MessageIds));
            case SendOutcome.Accepted accepted:
                return TypedResults.Ok(new SendOneResponse(accepted.MessageIds[0]));
            default:
                throw new InvalidOperationException($"Unknown send outcome {outcome}");
        }
    }

    private static ApiErrorCode ToErrorCode(SendRejection reason) => reason switch
    {
        SendRejection.NoMessage => ApiErrorCode.NoMessage,
        SendRejection.DestinationInvalid => ApiErrorCode.DestinationInvalid,
        SendRejection.SenderEmpty => ApiErrorCode.SenderEmpty,
        SendRejection.SenderInvalid => ApiErrorCode.SenderInvalid,
        SendRejection.MessageTooLong => ApiErrorCode.MessageTooLong,
        SendRejection.DateInvalid => ApiErrorCode.DateInvalid,
        SendRejection.GroupNotFound => ApiErrorCode.GroupNotFound,
        SendRejection.IdempotencyKeyReused => ApiErrorCode.IdempotencyKeyReused,
        _ => ApiErrorCode.InvalidParameters,
    };

    private static string RenderSendResponse(IReadOnlyList<string> ids, bool many) => many
        ? JsonSerializer.Serialize(new SendManyResponse(ids), SmsgwJsonContext.Default.SendManyResponse)
        : JsonSerializer.Serialize(new SendOneResponse(ids[0]), SmsgwJsonContext.Default.SendOneResponse);

    /// <summary>Null when a field has a type no client sends (object where text belongs).</summary>
    private static SendRequest? ReadSendRequest(JsonElement body)
    {
        if (!JsonFields.TryText(body, "message", out var message) || !JsonFields.TryText(body, "sender", out var sender)
            || !JsonFields.TryText(body, "date", out var date) || !JsonFields.TryText(body, "reference", out var reference)
            || !JsonFields.TryText(body, "subid", out var subId) || !JsonFields.TryText(body, "type", out var type)
            || !JsonFields.TryFlag(body, "test", out var test))
        {
            return null;
        }
        List<string>? to = null;
        var toIsArray = false;
        if (body.TryGetProperty("to", out var toElement) && toElement.ValueKind == JsonValueKind.Array)
        {
            toIsArray = true;
            to = [];
            foreach (var item in toElement.EnumerateArray())
            {
                to.Add(item.ValueKind is JsonValueKind.String or JsonValueKind.Number ? item.ToString() : "");
            }
        }
        else if (JsonFields.TryText(body, "to", out var single) && single is not null)
        {
            to = [single];
        }
        return new SendRequest(message, to, toIsArray, sender, date, reference, test, subId, type);
    }

    private static async Task<Results<Ok<HistoryPage>, ApiError>> GetHistoryAsync(
        HttpRequest request, Account account, IMessageStore store, SmstoolsDates dates, CancellationToken cancellationToken)
    {
        if (!PageQuery.TryRead(request, out var query, out var error))
        {
            return error!;
        }
        if (!string.IsNullOrEmpty(request.Query["from"]) || !string.IsNullOrEmpty(request.Query["to"]))
        {
            // Not built yet: refusing beats answering unfiltered rows as if they were filtered.
            return ApiError.Of(ApiErrorCode.InvalidParameters, "the from/to date filters are not supported by this gateway");
        }
        var page = await store.GetListAsync(account.Id, MessageDirection.Outbound, query.Page, query.Limit, cancellationToken);
        var items = page.Items.Select(m => new HistoryItem(m.MessageId!, m.Body, m.Peer, m.Local, dates.ListDate(m.CreatedAt),
            m.Parts.ToString(System.Globalization.CultureInfo.InvariantCulture), "single", m.Status.ToWireName(), m.Reference)).ToList();
        return TypedResults.Ok(new HistoryPage(page.Total, items.Count, query.Page, query.Limit, items));
    }

    private static async Task<Results<Ok<MessageDetail>, ApiError>> GetMessageAsync(
        string messageid, Account account, IMessageStore store, SmstoolsDates dates, CancellationToken cancellationToken)
    {
        if (!MessageId.LooksValid(messageid) || await store.GetOutboundAsync(account.Id, messageid, cancellationToken) is not { } found)
        {
            return ApiError.Of(ApiErrorCode.MessageNotFound);
        }
        var (m, parts) = found;
        return TypedResults.Ok(new MessageDetail(m.MessageId!, m.Status.ToWireName(),
            m.Status.ToDeliveryCode().ToString(System.Globalization.CultureInfo.InvariantCulture), m.StatusDetail,
            m.Local, m.Peer, m.Body, m.Reference, dates.ListDate(m.CreatedAt), m.CreatedAt.ToUnixTimeSeconds(),
            m.ScheduledAt?.ToUnixTimeSeconds(), m.ValidUntil?.ToUnixTimeSeconds(), m.StatusAt.ToUnixTimeSeconds(),
            EncodingName(m.Encoding), m.Parts, m.Carrier,
            parts.Select(p => new MessagePartDetail(p.PartNo, p.CarrierMessageId, p.Status.ToWireName(), p.ErrorCode, p.UpdatedAt.ToUnixTimeSeconds())).ToList()));
    }

    private static string EncodingName(Smpp.Text.SmsEncoding encoding) => encoding switch
    {
        Smpp.Text.SmsEncoding.Gsm7 => "GSM-7",
        Smpp.Text.SmsEncoding.Latin1 => "Latin-1",
        _ => "UCS-2",
    };

    private static async Task<Results<NoContent, ApiError>> CancelAsync(
        string messageid, Account account, IMessageStore store, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!MessageId.LooksValid(messageid))
        {
            return ApiError.Of(ApiErrorCode.MessageNotFound);
        }
        return await store.CancelAsync(account.Id, messageid, timeProvider.GetUtcNow(), cancellationToken) switch
        {
            CancelResult.Cancelled => TypedResults.NoContent(),
            CancelResult.TooLate => ApiError.Of(ApiErrorCode.NotCancellable),
            _ => ApiError.Of(ApiErrorCode.MessageNotFound),
        };
    }
}
