namespace Smsgw.Storage;

/// <summary>Where the gateway keeps its state. Bound from <c>Smsgw:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Smsgw:Storage";

    /// <summary><c>sqlite</c> (default). PostgreSQL arrives with its own issue.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Directory for the SQLite file and stored MMS files; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    public string SqliteFileName { get; set; } = "smsgw.db";

    /// <summary>Most write operations folded into one SQLite commit.</summary>
    public int MaxWriteBatch { get; set; } = 2000;

    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDirectory), SqliteFileName);
}
