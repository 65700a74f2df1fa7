namespace Smsgw.Bench;

/// <summary>A fresh directory under the temp path, deleted on dispose unless kept.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string name, string? path = null)
    {
        Path = path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"smsgw-bench-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public bool Keep { get; set; }

    public void Dispose()
    {
        if (!Keep && Directory.Exists(Path))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path, recursive: true);
        }
    }
}
