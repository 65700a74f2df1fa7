using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Smsgw.Hosting;

/// <summary>
/// Registered after every other hosted service, so it starts last: once it has, the store is migrated and the
/// carriers and dispatcher run, and <c>GET /health</c> answers 200.
/// </summary>
internal sealed class GatewayReadiness : IHostedService, IHealthCheck
{
    private volatile bool _ready;

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

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy("starting or stopping"));
}
