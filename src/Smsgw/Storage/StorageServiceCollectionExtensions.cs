using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Storage.Postgres;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>The stores without the server's start-up work: what operator commands need.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => string.Equals(o.Provider, "sqlite", StringComparison.OrdinalIgnoreCase) || o.IsPostgres,
                "Smsgw:Storage:Provider must be 'sqlite' or 'postgres'")
            .Validate(o => !o.IsPostgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Smsgw:Storage:ConnectionString is required when Smsgw:Storage:Provider is 'postgres' (or use serve --postgres \"<connection string>\")")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "Smsgw:Storage:DataDirectory is required")
            .ValidateOnStart();
        services.AddSingleton<SqlEngine>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>();
            return options.Value.IsPostgres
                ? new PostgresEngine(options)
                : new SqliteEngine(options, sp.GetRequiredService<ILogger<SqliteEngine>>());
        });
        services.AddSingleton<IStorageSchema>(sp => sp.GetRequiredService<SqlEngine>());
        services.AddSingleton<StoreWriter>();
        services.AddSingleton<IAccountStore, SqlAccountStore>();
        services.AddSingleton<IMessageStore, SqlMessageStore>();
        services.AddSingleton<ISimulatorStore, SqlSimulatorStore>();
        services.AddSingleton<IWebhookStore, SqlWebhookStore>();
        services.AddSingleton<INumberStore, SqlNumberStore>();
        services.AddSingleton<IInboundPartStore, SqlInboundPartStore>();
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
