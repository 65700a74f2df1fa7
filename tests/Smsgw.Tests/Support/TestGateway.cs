using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Smsgw.Accounts;
using Smsgw.Hosting;

namespace Smsgw.Tests.Support;

/// <summary>A real gateway on Kestrel at 127.0.0.1 with its own store (<see cref="TestStorage"/>) and a fresh directory.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TestGateway(WebApplication app, string dataDirectory, bool ownsDirectory, Uri baseAddress)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        BaseAddress = baseAddress;
        Demo = app.Services.GetRequiredService<DemoAccount>().Created;
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; }

    /// <summary>The demo account this start created (null when the store already had accounts).</summary>
    public IssuedCredentials? Demo { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("smsgw-test-").FullName;

    public static async Task<TestGateway> StartAsync(
        IDictionary<string, string?>? settings = null,
        TimeProvider? timeProvider = null,
        string? dataDirectory = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var storage = await TestStorage.SettingsAsync(dataDirectory);
        var app = GatewayApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            foreach (var (key, value) in storage)
            {
                builder.Configuration[key] = value;
            }
            builder.Configuration["Smsgw:Simulator:ReceiptDelay"] = "00:00:00.050";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                builder.Configuration[key] = value;
            }
            if (timeProvider is not null)
            {
                builder.Services.Replace(ServiceDescriptor.Singleton(timeProvider));
            }
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestGateway(app, dataDirectory, ownsDirectory, new Uri(app.Urls.First()));
    }

    /// <summary>An HTTP client that sends the demo account's credentials (or <paramref name="credentials"/>).</summary>
    public HttpClient Client(IssuedCredentials? credentials = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        credentials ??= Demo ?? throw new InvalidOperationException("No demo account in this store");
        client.DefaultRequestHeaders.Add("X-Client-Id", credentials.ClientId);
        client.DefaultRequestHeaders.Add("X-Client-Secret", credentials.ClientSecret);
        return client;
    }

    public HttpClient AnonymousClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<IssuedCredentials> CreateAccountAsync(string name) =>
        await Service<AccountAdministration>().CreateAsync(name, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"account {name} exists");

    /// <summary>Stops the server, keeping the data directory (for restart tests).</summary>
    public async Task StopAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
        }
        await App.DisposeAsync();
        if (_ownsDirectory)
        {
            TryDelete(DataDirectory);
        }
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

internal static class HttpJson
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode} body is not JSON: {text}", ex);
        }
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path) =>
        client.GetAsync(path, TestContext.Current.CancellationToken);

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes (then fails with the last value).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time; last value: {value}");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
            value = await read();
        }
        return value;
    }
}
