namespace Smsgw.Storage.Sqlite;

/// <summary>
/// One gateway server per SQLite data directory: the dispatcher may then take back every lease at start
/// without waiting for it to expire. Operator commands (accounts …) do not take the lock.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _stream;

    private DataDirectoryLock(FileStream stream) => _stream = stream;

    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "smsgw.lock");
        try
        {
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException($"Another smsgw server is already running on the data directory {directory}. Stop it, or give this one another --data directory.", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
