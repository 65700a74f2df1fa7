namespace Smsgw.Storage.Migration;

/// <summary>What <see cref="SqliteToPostgresCopy"/> did, table by table.</summary>
/// <param name="SchemaVersion">The SQLite schema version the copy read (the latest this build knows).</param>
/// <param name="LeasesReleased">Messages and webhook events the old server held at its stop, now free to be taken again.</param>
/// <param name="MissingFiles">message_files rows whose file is not under the data directory's <c>files</c> folder.</param>
internal sealed record CopyReport(int SchemaVersion, IReadOnlyList<CopiedTable> Tables, long LeasesReleased, long MissingFiles, TimeSpan Elapsed)
{
    public long Rows => Tables.Sum(t => t.Rows);
}

internal sealed record CopiedTable(string Table, long Rows, TimeSpan Elapsed);
