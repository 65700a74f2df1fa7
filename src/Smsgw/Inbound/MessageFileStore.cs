using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Smsgw.Storage;

namespace Smsgw.Inbound;

/// <summary>
/// MMS file bytes on disk under the data directory, named by an unguessable token (130 random bits) that is
/// also the only way to address them: the URL a client gets can go in a web page without exposing others.
/// </summary>
internal sealed class MessageFileStore(IOptions<StorageOptions> storage)
{
    private const string TokenAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private string Root => Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "files");

    /// <summary>
    /// Writes the bytes durably (flushed to disk before the message row commits). The new directory entry itself
    /// is not fsynced (.NET offers no directory fsync), so a power cut right after the commit can lose a file whose
    /// row survived; a process crash cannot.
    /// </summary>
    public async Task<NewMessageFile> SaveAsync(string name, string mime, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var token = RandomNumberGenerator.GetString(TokenAlphabet, 26);
        var relative = Path.Combine(token[..2], token);
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        return new NewMessageFile(token, SafeName(name), mime, content.Length, relative);
    }

    public string FullPath(StoredFile file) => Path.Combine(Root, file.Path);

    public void Delete(NewMessageFile file)
    {
        try
        {
            File.Delete(Path.Combine(Root, file.Path));
        }
        catch (IOException)
        {
            // Best effort: an orphaned file is unreachable without its row.
        }
    }

    /// <summary>Keeps letters, digits, dot, dash and underscore of the last path segment; never empty, at most 100 chars.</summary>
    public static string SafeName(string name)
    {
        var last = name.Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var builder = new StringBuilder(last.Length);
        foreach (var c in last)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }
        var safe = builder.ToString().TrimStart('.');
        if (safe.Length > 100)
        {
            safe = safe[^100..];
        }
        return safe.Length == 0 || safe.All(c => c == '_') ? "file" : safe;
    }
}
