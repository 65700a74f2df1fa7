using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smsgw.Storage;
using Smsgw.Storage.Sql;

namespace Smsgw.Hosting;

/// <summary>
/// Registered after every other hosted service, so it starts last: once it has, the store is migrated and the
/// carriers and dispatcher run. <c>GET /health</c> then answers 200 while the database answers too, and 503 while
/// it does not (PostgreSQL down or cut off), so a load balancer sends traffic to nodes that can store it.
/// </summary>
internal sealed class GatewayReadiness(SqlEngine engine, ILogger<GatewayReadiness> logger) : IHostedService, IHealthCheck
{
    // A probe per health request would put load on the database for every load-balancer poll: one per interval.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _probing = new(1, 1);
    private volatile bool _ready;
    private long _probedAt;
    private string? _storeProblem;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ready = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _ready = false;
        return Task.CompletedTask;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_ready)
        {
            return HealthCheckResult.Unhealthy("starting or stopping");
        }
        await ProbeStoreAsync(cancellationToken).ConfigureAwait(false);
        return _storeProblem is { } problem ? HealthCheckResult.Unhealthy($"store unreachable: {problem}") : HealthCheckResult.Healthy("ready");
    }

    private async Task ProbeStoreAsync(CancellationToken cancellationToken)
    {
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _probedAt)) < ProbeInterval || !await _probing.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ProbeTimeout);
            await using var connection = await engine.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using var command = SqlEngine.Command(connection, null, "SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false);
            if (_storeProblem is not null)
            {
                StorageLog.StoreReachableAgain(logger, engine.Location);
            }
            _storeProblem = null;
        }
        catch (Exception ex) when (ex is OperationCanceledException || engine.IsConnectionFault(ex))
        {
            if (_storeProblem is null)
            {
                StorageLog.StoreUnreachable(logger, engine.Location, ex.Message);
            }
            _storeProblem = ex is OperationCanceledException ? $"no answer within {ProbeTimeout.TotalSeconds:0} s" : ex.Message;
        }
        finally
        {
            Interlocked.Exchange(ref _probedAt, Stopwatch.GetTimestamp());
            _probing.Release();
        }
    }
}
