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

    /// <summary>One <see cref="SmppCarrier"/> per <c>Smsgw:Smpp:Connections:&lt;i&gt;</c>, and one <see cref="SmppConnectionLoop"/> per session it binds.</summary>
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
        services.AddSingleton<SmppMetrics>();
        foreach (var connection in smpp.Connections)
        {
            var name = connection.Name;
            services.AddKeyedSingleton(name, (sp, _) => ActivatorUtilities.CreateInstance<SmppCarrier>(sp, connection));
            services.AddSingleton<ICarrier>(sp => sp.GetRequiredKeyedService<SmppCarrier>(name));
            services.AddKeyedSingleton(name, (sp, _) => ActivatorUtilities.CreateInstance<SmppDeliverSmHandler>(sp, connection));
            for (var bind = 1; bind <= connection.Binds; bind++)
            {
                var session = bind;
                // Not AddHostedService: it adds one service per type, and there is one loop per session of each connection.
                services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<SmppConnectionLoop>(sp,
                    sp.GetRequiredKeyedService<SmppCarrier>(name), sp.GetRequiredKeyedService<SmppDeliverSmHandler>(name), session));
            }
        }
        if (smpp.Connections.Count > 0)
        {
            services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<InboundPartTimeoutLoop>(sp, smpp.InboundPartsTimeout));
        }
    }
}
