using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Smsgw.Storage;

namespace Smsgw.Api;

/// <summary>Absolute URLs of stored MMS files: <c>{PublicUrl or this request's origin}/files/{token}/{name}</c>.</summary>
internal sealed class FileLinks(IOptions<ApiOptions> options)
{
    public IReadOnlyList<FileItem>? For(HttpRequest request, IReadOnlyList<StoredFile> files)
    {
        if (files.Count == 0)
        {
            return null;
        }
        var origin = options.Value.PublicUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return files.Select(f => new FileItem(f.Name, $"{origin}/files/{f.Token}/{Uri.EscapeDataString(f.Name)}", f.Mime)).ToList();
    }
}
