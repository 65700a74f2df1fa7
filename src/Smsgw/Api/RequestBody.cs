using Microsoft.AspNetCore.Http;

namespace Smsgw.Api;

/// <summary>Reads a request body whole, turning Kestrel's size limit into our 413 error instead of a 500.</summary>
internal readonly record struct RequestBody(byte[] Bytes, ApiError? Error)
{
    /// <summary>The body without a UTF-8 byte order mark and surrounding whitespace; empty when nothing is left.</summary>
    public ReadOnlyMemory<byte> Json
    {
        get
        {
            ReadOnlyMemory<byte> json = Bytes;
            if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                json = json[3..];
            }
            return json.Trim(" \t\r\n"u8);
        }
    }

    public static async Task<RequestBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var buffer = new MemoryStream(request.ContentLength is > 0 and < 1 << 20 ? (int)request.ContentLength : 4096);
            await request.Body.CopyToAsync(buffer, cancellationToken);
            return new RequestBody(buffer.ToArray(), null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new RequestBody([], ApiError.Of(ApiErrorCode.BodyTooLarge));
        }
    }
}
