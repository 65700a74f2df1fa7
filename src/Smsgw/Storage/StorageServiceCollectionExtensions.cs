using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>The stores without the server's start-up work: what operator commands need.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => string.Equals(o.Provider, "sqlite", StringComparison.OrdinalIgnoreCase),
                "Smsgw:Storage:Provider must be 'sqlite' (PostgreSQL support is not built yet)")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Smsgw:Storage:DataDirectory is required")
            .ValidateOnStart();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<IStorageSchema>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<SqliteWriter>();
        services.AddSingleton<IAccountStore, SqliteAccountStore>();
        services.AddSingleton<IMessageStore, SqliteMessageStore>();
        services.AddSingleton<ISimulatorStore, SqliteSimulatorStore>();
        services.AddSingleton<IWebhookStore, SqliteWebhookStore>();
        services.AddSingleton<INumberStore, SqliteNumberStore>();
        services.AddSingleton<IInboundPartStore, SqliteInboundPartStore>();
        return services;
    }

    /// <summary>The stores plus the server's start-up (lock, migrations, lease recovery), registered to run first.</summary>
    public static IServiceCollection AddServerStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorage(configuration);
        services.AddHostedService<StorageStartup>();
        return services;
    }
}
