namespace Smsgw.Storage;

/// <summary>Where the gateway keeps its state. Bound from <c>Smsgw:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Smsgw:Storage";

    /// <summary><c>sqlite</c> (default: one file, one server) or <c>postgres</c> (several nodes on one database).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// Directory for local files: the SQLite file, and stored MMS content on either engine (with PostgreSQL, give
    /// every node the same shared directory, or files received on one node are served by that node only).
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    public string SqliteFileName { get; set; } = "smsgw.db";

    /// <summary>
    /// The Npgsql connection string when <see cref="Provider"/> is <c>postgres</c>. Pooling is set there too
    /// (<c>Maximum Pool Size</c>, <c>Minimum Pool Size</c>, <c>Connection Idle Lifetime</c>, <c>Timeout</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL: connections writing at once for this node (SQLite always has one writer). With two or more, one of
    /// them takes every write that moves an account's counters (sends and inbound messages, which hold those rows until
    /// their commit) and the others the rest (dispatch, receipts, webhooks), so the rest never holds those rows. Measured (bench
    /// accept-postgres, one node): 1 → ~3,300 msg/s, 2 → ~8,400 msg/s. More than 2 split the rest into smaller commits.
    /// </summary>
    public int WriteConnections { get; set; } = 2;

    /// <summary>Most write operations folded into one commit.</summary>
    public int MaxWriteBatch { get; set; } = 2000;

    /// <summary>
    /// Most new messages from send requests in one commit (a request is never split: one larger than this commits
    /// alone). Sends wait behind the dispatcher's, the receipts' and the webhooks' writes, so messages already accepted
    /// keep moving under a flood of sends. SQLite, or PostgreSQL with one write connection; with more, sends have a
    /// connection of their own.
    /// </summary>
    public int MaxSentMessagesPerCommit { get; set; } = 1000;

    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDirectory), SqliteFileName);

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);
}
