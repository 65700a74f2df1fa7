using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary>
/// The options every API verb shares (<c>--url</c>, <c>--client-id</c>, <c>--client-secret</c>, with SMSGW_URL,
/// SMSGW_CLIENT_ID and SMSGW_CLIENT_SECRET as fallbacks) and the one place API failures become exit codes.
/// </summary>
internal sealed class ApiConnection
{
    public const string DefaultUrl = "http://127.0.0.1:5000";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Option<string> _url = new("--url") { Description = $"Gateway address [env SMSGW_URL, default {DefaultUrl}]" };
    private readonly Option<string> _clientId = new("--client-id") { Description = "Account client id [env SMSGW_CLIENT_ID]" };
    private readonly Option<string> _clientSecret = new("--client-secret") { Description = "Account client secret [env SMSGW_CLIENT_SECRET]" };
    private readonly Option<bool> _json = new("--json") { Description = "Print the answer as JSON instead of text" };

    private ApiConnection()
    {
    }

    /// <summary>Adds the shared options to <paramref name="command"/>; <c>--json</c> only where the answer has a body to print.</summary>
    public static ApiConnection AddTo(Command command, bool json = true)
    {
        var connection = new ApiConnection();
        command.Options.Add(connection._url);
        command.Options.Add(connection._clientId);
        command.Options.Add(connection._clientSecret);
        if (json)
        {
            command.Options.Add(connection._json);
        }
        return connection;
    }

    public bool Json(ParseResult parseResult) => parseResult.GetValue(_json);

    /// <summary>Runs <paramref name="call"/> with a client for the chosen gateway and account; API failures print one line and exit 1.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, Func<SmsgwClient, TextWriter, CancellationToken, Task<int>> call, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var url = parseResult.GetValue(_url) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable("SMSGW_URL") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"error: '{url}' is not an http(s) address, e.g. {DefaultUrl}");
            return ExitCodes.Usage;
        }
        var clientId = parseResult.GetValue(_clientId) ?? Environment.GetEnvironmentVariable("SMSGW_CLIENT_ID");
        var clientSecret = parseResult.GetValue(_clientSecret) ?? Environment.GetEnvironmentVariable("SMSGW_CLIENT_SECRET");
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            await error.WriteLineAsync("error: no credentials. Pass --client-id and --client-secret, or set SMSGW_CLIENT_ID and SMSGW_CLIENT_SECRET"
                + " (`smsgw accounts create NAME` issues them).");
            return ExitCodes.Usage;
        }
        using var http = new HttpClient { Timeout = RequestTimeout };
        var client = new SmsgwClient(http, baseAddress, clientId, clientSecret);
        try
        {
            return await call(client, output, cancellationToken);
        }
        catch (SmsgwApiException ex)
        {
            await error.WriteLineAsync(ex.ErrorCode is { } code ? $"error {code}: {ex.ErrorMessage}" : $"error: HTTP {(int)ex.HttpStatus}: {ex.ErrorMessage}");
            return ExitCodes.Failure;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"error: cannot reach {baseAddress}: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"error: {baseAddress} did not answer within {RequestTimeout.TotalSeconds:0} s");
            return ExitCodes.Failure;
        }
    }

    public static Task WriteJsonAsync<T>(TextWriter output, T value, JsonTypeInfo<T> typeInfo) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, typeInfo));
}
