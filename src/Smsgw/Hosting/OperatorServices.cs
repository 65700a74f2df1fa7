using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Storage;

namespace Smsgw.Hosting;

/// <summary>
/// The store and account administration without the server, for operator commands (<c>smsgw accounts …</c>).
/// They work while a server runs on the same data directory: SQLite serialises the writes of both processes.
/// </summary>
public sealed class OperatorServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private OperatorServices(ServiceProvider provider) => _provider = provider;

    public AccountAdministration Accounts => _provider.GetRequiredService<AccountAdministration>();

    public NumberAdministration Numbers => _provider.GetRequiredService<NumberAdministration>();

    /// <summary>Where the store lives (the SQLite file path).</summary>
    public string Location => _provider.GetRequiredService<IStorageSchema>().Location;

    /// <summary>Opens (and migrates) the store described by <paramref name="configuration"/> (Smsgw:Storage:…).</summary>
    public static async Task<OperatorServices> OpenAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddStorage(configuration);
        services.AddAccountAdministration();
        services.AddPhoneNumbers(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<IStorageSchema>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        return new OperatorServices(provider);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
