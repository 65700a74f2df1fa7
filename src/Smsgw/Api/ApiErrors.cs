using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Smsgw.Api;

/// <summary>Every error the API gives, each mapped once to its Smstools number, HTTP status and text.</summary>
internal enum ApiErrorCode
{
    /// <summary>Unparseable JSON: the one documented body without <c>errorMsg</c>.</summary>
    JsonParse,
    NoMessage,
    PhoneInvalid,
    InvalidCredentials,
    DestinationInvalid,
    SenderEmpty,
    SenderInvalid,
    EmptyRequest,
    MessageTooLong,
    DateInvalid,
    GroupNotFound,
    MessageNotFound,
    WebhookNotFound,
    NumberNotAssigned,
    LimitInvalid,
    PageInvalid,
    InvalidParameters,
    // Beyond the hosted API: free codes, same shape.
    RateLimited,
    IdempotencyKeyReused,
    BodyTooLarge,
    NotCancellable,
    RouteNotFound,
    InternalError,
    StoreUnavailable,
}

/// <summary>The Smstools error body: <c>{"error":"104","errorMsg":"Invalid credentials"}</c>.</summary>
internal sealed record ErrorBody(
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("errorMsg")] string ErrorMsg);

/// <summary>The documented exception to the error shape: unparseable JSON.</summary>
internal sealed record JsonParseErrorBody([property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error);

internal sealed class ApiError : IResult, IEndpointMetadataProvider
{
    private ApiError(ApiErrorCode code, string number, int status, string message)
    {
        Code = code;
        Number = number;
        StatusCode = status;
        Message = message;
    }

    public ApiErrorCode Code { get; }
    public string Number { get; }
    public int StatusCode { get; }
    public string Message { get; }

    public static ApiError Of(ApiErrorCode code, string? detail = null)
    {
        var (number, status, message) = Describe(code);
        return new ApiError(code, number, status, detail is null || code == ApiErrorCode.JsonParse ? message : $"{message}: {detail}");
    }

    /// <summary>The table: Smstools numbers and statuses per reference §1 and decision 3; ours from 150 up.</summary>
    public static (string Number, int Status, string Message) Describe(ApiErrorCode code) => code switch
    {
        ApiErrorCode.JsonParse => ("error parsing json", 400, "error parsing json"),
        ApiErrorCode.NoMessage => ("102", 400, "No message provided"),
        ApiErrorCode.PhoneInvalid => ("103", 400, "Phone number required or invalid"),
        ApiErrorCode.InvalidCredentials => ("104", 401, "Invalid credentials"),
        ApiErrorCode.DestinationInvalid => ("106", 400, "Destination number missing or invalid"),
        ApiErrorCode.SenderEmpty => ("109", 400, "Sender is empty"),
        ApiErrorCode.SenderInvalid => ("111", 400, "Invalid sender: at most 11 letters, digits or spaces, or at most 14 digits"),
        ApiErrorCode.EmptyRequest => ("114", 400, "Empty request"),
        ApiErrorCode.MessageTooLong => ("118", 400, "Message too long"),
        ApiErrorCode.DateInvalid => ("121", 400, "Date invalid or in the past (yyyy-MM-dd HH:mm)"),
        ApiErrorCode.GroupNotFound => ("125", 404, "Group not found"),
        ApiErrorCode.MessageNotFound => ("133", 404, "Message ID not found"),
        ApiErrorCode.WebhookNotFound => ("134", 404, "Webhook ID not found"),
        ApiErrorCode.NumberNotAssigned => ("132", 404, "No account has this number (smsgw numbers add)"),
        ApiErrorCode.LimitInvalid => ("135", 400, "limit must be an integer from 1 to 2000"),
        ApiErrorCode.PageInvalid => ("136", 400, "page must be an integer greater than 0"),
        ApiErrorCode.InvalidParameters => ("139", 400, "Missing or invalid parameters"),
        ApiErrorCode.RateLimited => ("150", 429, "Too many requests, slow down"),
        ApiErrorCode.IdempotencyKeyReused => ("151", 422, "Idempotency-Key was already used with a different request"),
        ApiErrorCode.BodyTooLarge => ("152", 413, "Request body too large"),
        ApiErrorCode.NotCancellable => ("153", 409, "Message already handed to a carrier or finished; it can no longer be cancelled"),
        ApiErrorCode.RouteNotFound => ("154", 404, "No such endpoint"),
        ApiErrorCode.InternalError => ("105", 500, "Temporary server problem, try again later"),
        ApiErrorCode.StoreUnavailable => ("105", 503, "Storage temporarily unavailable, try again later"),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        return Code == ApiErrorCode.JsonParse
            ? httpContext.Response.WriteAsJsonAsync(new JsonParseErrorBody(Number), SmsgwJsonContext.Default.JsonParseErrorBody)
            : httpContext.Response.WriteAsJsonAsync(new ErrorBody(Number, Message), SmsgwJsonContext.Default.ErrorBody);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(400, typeof(ErrorBody), ["application/json"]));
}
