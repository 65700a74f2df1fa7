using System.Net;

namespace Smsgw.Client;

/// <summary>
/// The gateway refused a request: a 4xx or 5xx answer, usually with the Smstools error body
/// <c>{"error":"104","errorMsg":"Invalid credentials"}</c>.
/// </summary>
public sealed class SmsgwApiException : Exception
{
    /// <summary>Creates the exception for an HTTP answer and the error it carried.</summary>
    /// <param name="httpStatus">The HTTP status of the answer.</param>
    /// <param name="errorCode">The Smstools code (<c>"104"</c>, or <c>"error parsing json"</c>); null when the body had none.</param>
    /// <param name="errorMessage">The gateway's explanation, or the HTTP reason when the body had none.</param>
    public SmsgwApiException(HttpStatusCode httpStatus, string? errorCode, string errorMessage)
        : base(errorCode is null ? $"HTTP {(int)httpStatus}: {errorMessage}" : $"error {errorCode}: {errorMessage}")
    {
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    /// <summary>The HTTP status of the answer (401 for bad credentials, 404 for an unknown message, …).</summary>
    public HttpStatusCode HttpStatus { get; }

    /// <summary>
    /// The Smstools error code as the gateway wrote it (<c>"104"</c> invalid credentials, <c>"133"</c> message not found,
    /// <c>"error parsing json"</c>); null when the answer was not a gateway error body (e.g. a proxy's 502 page).
    /// </summary>
    public string? ErrorCode { get; }

    /// <summary>The gateway's <c>errorMsg</c>, or the HTTP reason phrase when the body had none.</summary>
    public string ErrorMessage { get; }
}
