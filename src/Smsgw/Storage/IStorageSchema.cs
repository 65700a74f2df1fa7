namespace Smsgw.Storage;

/// <summary>Brings the store's schema up to date; run once at start by the server and by operator commands.</summary>
internal interface IStorageSchema
{
    /// <summary>Where the data lives, for logs and messages to the operator.</summary>
    string Location { get; }

    Task MigrateAsync(CancellationToken cancellationToken);
}
