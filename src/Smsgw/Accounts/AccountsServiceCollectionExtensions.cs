using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Smsgw.Storage;

namespace Smsgw.Accounts;

internal static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccountAdministration(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AccountAdministration(sp.GetRequiredService<IAccountStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new NumberAdministration(sp.GetRequiredService<INumberStore>(), sp.GetRequiredService<IAccountStore>(),
            sp.GetRequiredService<Messages.PhoneNumberNormalizer>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccountsOptions>().Bind(configuration.GetSection(AccountsOptions.Section));
        services.AddAccountAdministration();
        services.AddSingleton<AccountAuthenticator>();
        services.AddSingleton(sp => new DemoAccount(sp.GetRequiredService<AccountAdministration>(), sp.GetRequiredService<IOptions<AccountsOptions>>()));
        services.AddHostedService(sp => sp.GetRequiredService<DemoAccount>());
        return services;
    }
}
