using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Smsgw.Inbound;
using Smsgw.Storage;

namespace Smsgw.Api;

/// <summary>
/// MMS file bytes by their unguessable token, without credentials: the URL is the capability, so a client can
/// put it in a web page. Served with their MIME type, never sniffed.
/// </summary>
internal static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/files/{token}/{name}", GetFileAsync).WithName("GetFile").WithSummary("An inbound MMS file (the URL in file[].image)");
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> GetFileAsync(
        string token, HttpResponse response, IMessageStore store, MessageFileStore files, CancellationToken cancellationToken)
    {
        if (token.Length != 26 || await store.GetFileAsync(token, cancellationToken) is not { } file)
        {
            return TypedResults.NotFound();
        }
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        response.Headers[HeaderNames.ContentSecurityPolicy] = "default-src 'none'; sandbox";
        response.Headers[HeaderNames.CacheControl] = "private, max-age=31536000, immutable";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.Name);
        response.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
        return TypedResults.PhysicalFile(files.FullPath(file), file.Mime, enableRangeProcessing: true);
    }
}
