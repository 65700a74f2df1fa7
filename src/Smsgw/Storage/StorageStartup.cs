using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Storage;

/// <summary>
/// Runs first in the server: migrates and, when this server owns the store alone (SQLite: it takes the data
/// directory's lock), takes back leases a crash left behind. On a shared database leases end only by expiry,
/// since another node may hold them.
/// </summary>
internal sealed class StorageStartup(
    SqlEngine engine,
    IMessageStore messages,
    IWebhookStore webhooks,
    IOptions<StorageOptions> options,
    ILogger<StorageStartup> logger) : IHostedService, IDisposable
{
    private DataDirectoryLock? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (engine.SingleNode)
        {
            _lock = DataDirectoryLock.Acquire(Path.GetFullPath(options.Value.DataDirectory));
        }
        await engine.MigrateAsync(cancellationToken);
        if (engine.SingleNode)
        {
            var released = await messages.ReleaseAllLeasesAsync(cancellationToken);
            await webhooks.ReleaseAllLeasesAsync(cancellationToken);
            if (released > 0)
            {
                StorageLog.LeasesReleased(logger, released);
            }
        }
        StorageLog.StoreReady(logger, engine.Provider, engine.Location);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();
}
