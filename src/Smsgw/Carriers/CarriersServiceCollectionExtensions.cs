using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Smsgw.Carriers.Simulator;

namespace Smsgw.Carriers;

internal static class CarriersServiceCollectionExtensions
{
    public static IServiceCollection AddCarriers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CarrierOptions>().Bind(configuration.GetSection(CarrierOptions.Section));
        services.AddOptions<SimulatorOptions>()
            .Bind(configuration.GetSection(SimulatorOptions.Section))
            .Validate(o => o.ReceiptDelay >= TimeSpan.Zero, "Smsgw:Simulator:ReceiptDelay must not be negative")
            .ValidateOnStart();
        if (IsSimulatorEnabled(configuration))
        {
            services.AddSingleton<SimulatorCarrier>();
            services.AddSingleton<ICarrier>(sp => sp.GetRequiredService<SimulatorCarrier>());
            services.AddHostedService<SimulatorEventLoop>();
        }
        services.AddSingleton<CarrierRegistry>();
        return services;
    }

    public static bool IsSimulatorEnabled(IConfiguration configuration) =>
        configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>()?.Enabled ?? true;
}
