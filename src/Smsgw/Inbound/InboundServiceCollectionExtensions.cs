using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Smsgw.Inbound;

internal static class InboundServiceCollectionExtensions
{
    public static IServiceCollection AddInbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MmsFileOptions>()
            .Bind(configuration.GetSection(MmsFileOptions.Section))
            .Validate(o => o.MaxFileBytes > 0 && o.MaxFilesPerMessage > 0, "Smsgw:Files limits must be positive")
            .ValidateOnStart();
        services.AddSingleton<MessageFileStore>();
        services.AddSingleton<DeliveryReceiptProcessor>();
        services.AddSingleton<InboundMetrics>();
        services.AddSingleton<InboundMessageReceiver>();
        services.AddSingleton<InboundPartAssembler>();
        return services;
    }
}
