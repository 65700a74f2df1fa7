using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smsgw.Carriers.Simulator;
using Smsgw.Carriers.Smpp;
using Smsgw.Inbound;

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
        services.AddSmppCarriers(configuration);
        services.AddSingleton<CarrierRegistry>();
        return services;
    }

    public static bool IsSimulatorEnabled(IConfiguration configuration) =>
        configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>()?.Enabled ?? true;

    /// <summary>One <see cref="SmppCarrier"/> and one <see cref="SmppConnectionLoop"/> per <c>Smsgw:Smpp:Connections:&lt;i&gt;</c>.</summary>
    private static void AddSmppCarriers(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SmppCarrierOptions.Section);
        services.AddOptions<SmppCarrierOptions>()
            .Bind(section)
            .Validate(o => SmppOptionsValidation.Validate(o) is null, "invalid Smsgw:Smpp settings")
            .ValidateOnStart();
        var smpp = section.Get<SmppCarrierOptions>() ?? new SmppCarrierOptions();
        if (SmppOptionsValidation.Validate(smpp) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
        foreach (var connection in smpp.Connections)
        {
            var name = connection.Name;
            services.AddKeyedSingleton(name, (sp, _) => ActivatorUtilities.CreateInstance<SmppCarrier>(sp, connection));
            services.AddSingleton<ICarrier>(sp => sp.GetRequiredKeyedService<SmppCarrier>(name));
            // Not AddHostedService: it adds one service per type, and there is one loop per connection.
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<SmppConnectionLoop>(sp,
                sp.GetRequiredKeyedService<SmppCarrier>(name), ActivatorUtilities.CreateInstance<SmppDeliverSmHandler>(sp, connection)));
        }
        if (smpp.Connections.Count > 0)
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<InboundPartTimeoutLoop>(sp, smpp.InboundPartsTimeout));
        }
    }
}
