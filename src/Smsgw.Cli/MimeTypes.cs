namespace Smsgw.Cli;

/// <summary>MIME types of the files an MMS carries, by extension: the subset of the gateway's allowed types a user attaches.</summary>
internal static class MimeTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".mp4"] = "video/mp4",
        [".3gp"] = "video/3gpp",
        [".amr"] = "audio/amr",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
        [".txt"] = "text/plain",
        [".vcf"] = "text/vcard",
        [".pdf"] = "application/pdf",
    };

    public static string Supported { get; } = string.Join(", ", ByExtension.Keys.Select(e => e.TrimStart('.')));

    public static string? ForFileName(string fileName) => ByExtension.GetValueOrDefault(Path.GetExtension(fileName));
}
