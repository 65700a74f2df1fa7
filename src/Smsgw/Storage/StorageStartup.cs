using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Storage;

/// <summary>Runs first in the server: takes the data directory, migrates, and takes back leases a crash left behind.</summary>
internal sealed class StorageStartup(
    IStorageSchema schema,
    IMessageStore messages,
    IWebhookStore webhooks,
    IOptions<StorageOptions> options,
    ILogger<StorageStartup> logger) : IHostedService, IDisposable
{
    private DataDirectoryLock? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = DataDirectoryLock.Acquire(Path.GetFullPath(options.Value.DataDirectory));
        await schema.MigrateAsync(cancellationToken);
        var released = await messages.ReleaseAllLeasesAsync(cancellationToken);
        await webhooks.ReleaseAllLeasesAsync(cancellationToken);
        if (released > 0)
        {
            StorageLog.LeasesReleased(logger, released);
        }
        StorageLog.StoreReady(logger, options.Value.Provider, schema.Location);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();
}
