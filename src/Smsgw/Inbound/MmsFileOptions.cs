namespace Smsgw.Inbound;

/// <summary>Limits on inbound MMS files. Bound from <c>Smsgw:Files</c>.</summary>
public sealed class MmsFileOptions
{
    public const string Section = "Smsgw:Files";

    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;

    public int MaxFilesPerMessage { get; set; } = 10;

    /// <summary>Types carriers deliver in MMS. Nothing a browser would run as a page (no HTML, no SVG).</summary>
    public string[] AllowedMimeTypes { get; set; } =
    [
        "image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp",
        "video/mp4", "video/3gpp", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg",
        "text/plain", "text/vcard", "text/x-vcard", "application/pdf",
    ];
}
