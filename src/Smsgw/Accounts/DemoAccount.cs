using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Smsgw.Accounts;

/// <summary>
/// On the first start of an empty store, creates the demo account. Its secret is held here for the caller that
/// started the server (the CLI prints it once) and never logged.
/// </summary>
public sealed class DemoAccount : IHostedService
{
    private readonly AccountAdministration _accounts;
    private readonly IOptions<AccountsOptions> _options;

    internal DemoAccount(AccountAdministration accounts, IOptions<AccountsOptions> options)
    {
        _accounts = accounts;
        _options = options;
    }

    /// <summary>Set when this start created the demo account.</summary>
    public IssuedCredentials? Created { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Value.CreateDemoAccount && await _accounts.CountAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            Created = await _accounts.CreateAsync(_options.Value.DemoAccountName, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
