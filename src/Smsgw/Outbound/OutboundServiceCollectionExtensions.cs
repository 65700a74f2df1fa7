using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Smsgw.Outbound;

internal static class OutboundServiceCollectionExtensions
{
    public static IServiceCollection AddOutbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboundOptions>()
            .Bind(configuration.GetSection(OutboundOptions.Section))
            .Validate(o => o.LeaseDuration > TimeSpan.Zero && o.BatchSize > 0 && o.Workers > 0 && o.PollInterval > TimeSpan.Zero,
                "Smsgw:Outbound: LeaseDuration, BatchSize, Workers and PollInterval must be positive")
            .ValidateOnStart();
        services.AddSingleton<OutboundDispatcher>();
        services.AddSingleton<OutboundMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboundDispatcher>());
        return services;
    }
}
