using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Smsgw.Accounts;
using Smsgw.Client;

namespace Smsgw.Client.Tests.Support;

/// <summary>
/// A real gateway on Kestrel at 127.0.0.1 (a free port), with its own SQLite file in a fresh directory: one per test
/// class, deleted afterwards. Tests that need an empty inbox or history create their own account.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("smsgw-client-test-").FullName;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>One HTTP client for every SDK instance of the class, as an application would share one.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask InitializeAsync()
    {
        _app = GatewayApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration["Smsgw:Storage:DataDirectory"] = DataDirectory;
            builder.Configuration["Smsgw:Simulator:ReceiptDelay"] = "00:00:00.050";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Configuration["Smsgw:Webhooks:AllowPrivateAddresses"] = "true";
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        BaseAddress = new Uri(_app.Urls.First());
    }

    /// <summary>A new account, so a test sees only its own messages.</summary>
    public async Task<IssuedCredentials> CreateAccountAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..30];
        var accounts = _app!.Services.GetRequiredService<AccountAdministration>();
        return await accounts.CreateAsync(name, TestContext.Current.CancellationToken)
            ?? throw new InvalidOperationException($"account name {name} taken");
    }

    public SmsgwClient Client(IssuedCredentials credentials) => new(Http, BaseAddress, credentials.ClientId, credentials.ClientSecret);

    public async Task<SmsgwClient> NewAccountClientAsync() => Client(await CreateAccountAsync());

    /// <summary>The CLI's API options pointing at this gateway with <paramref name="credentials"/>.</summary>
    public string[] ApiOptions(IssuedCredentials credentials) =>
        ["--url", BaseAddress.ToString(), "--client-id", credentials.ClientId, "--client-secret", credentials.ClientSecret];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
        TempDirectory.TryDelete(DataDirectory);
    }
}
