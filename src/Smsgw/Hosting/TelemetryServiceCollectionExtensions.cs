using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Smsgw.Hosting;

/// <summary>Metrics: the <c>Smsgw</c> meter and ASP.NET Core's HTTP metrics, in Prometheus text at <c>/metrics</c>.</summary>
internal static class TelemetryServiceCollectionExtensions
{
    public const string Section = "Smsgw:Metrics";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<SmsgwMeter>();
        if (Enabled(configuration))
        {
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(SmsgwMeter.Name)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        }
        return services;
    }

    /// <summary>Unauthenticated, as Prometheus scrapes it: expose it only where your scraper can reach it.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        if (Enabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
        return app;
    }

    private static bool Enabled(IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", true);
}
