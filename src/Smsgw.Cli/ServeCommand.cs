using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Storage;

namespace Smsgw.Cli;

/// <summary>
/// <c>smsgw serve</c>: runs the gateway until Ctrl+C or SIGTERM. Tokens it does not know pass through as
/// configuration (<c>--Smsgw:Simulator:ReceiptDelay=00:00:02</c>), as they would to any ASP.NET Core app.
/// </summary>
internal static class ServeCommand
{
    private const string DefaultUrls = "http://127.0.0.1:5000";
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated", DefaultValueFactory = _ => DefaultUrls };
        var smpp = new Option<string[]>("--smpp")
        {
            Description = "Bind to an SMSC and route all traffic to it: smpp://SYSTEM_ID:PASSWORD@HOST:PORT?window=100 (repeatable; query keys are Smsgw:Smpp:Connections settings)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("serve", "Run the gateway (any --Section:Key=value is passed on as configuration)") { urls, smpp };
        var store = StoreSelection.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var args = new List<string> { "--urls", parseResult.GetRequiredValue(urls) };
            args.AddRange(store.Settings(parseResult).Select(s => $"--{s.Key}={s.Value}"));
            var connections = parseResult.GetValue(smpp) ?? [];
            for (var i = 0; i < connections.Length; i++)
            {
                if (!TryParseSmppUrl(connections[i], i, out var settings, out var problem))
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: --smpp {problem}");
                    return ExitCodes.Failure;
                }
                args.AddRange(settings);
            }
            args.AddRange(parseResult.UnmatchedTokens);
            return await RunAsync([.. args], parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        WebApplication app;
        var started = false;
        try
        {
            // A failed start is reported below as one line; the host would also log it with a stack trace, so its
            // errors are held back until the start has succeeded (later ones, e.g. a faulted background loop, still show).
            app = GatewayApp.Build(args, builder => builder.Logging.AddFilter(HostCategory, level => level >= LogLevel.Information && (started || level < LogLevel.Error)));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        await using (app)
        {
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Failure;
            }
            catch (Exception ex)
            {
                // Start-up failures (data directory locked, port taken, invalid setting) are the user's to fix: the reason, not a stack trace.
                // The store may have created the demo account before the failure (a port taken): its secret exists only now.
                if (app.Services.GetService<DemoAccount>()?.Created is { } created)
                {
                    await WriteDemoAsync(output, created, ReachableUrl(args.SkipWhile(a => a != "--urls").Skip(1).FirstOrDefault()?.Split(';')[0] ?? DefaultUrls));
                }
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Failure;
            }
            started = true;
            var listening = app.Urls.ToList();
            var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var where = storage.IsPostgres ? $"store: {app.Services.GetRequiredService<IStorageSchema>().Location}, files: " : "data: ";
            await output.WriteLineAsync($"smsgw listening on {string.Join(", ", listening)} ({where}{Path.GetFullPath(storage.DataDirectory)})");
            if (app.Services.GetRequiredService<DemoAccount>().Created is { } demo)
            {
                await WriteDemoAsync(output, demo, ReachableUrl(listening.FirstOrDefault() ?? DefaultUrls));
            }
            await output.FlushAsync(cancellationToken);
            await app.WaitForShutdownAsync(cancellationToken);
        }
        return ExitCodes.Success;
    }

    private static async Task WriteDemoAsync(TextWriter output, IssuedCredentials demo, string url)
    {
        var headers = $"-H \"X-Client-Id: {demo.ClientId}\" -H \"X-Client-Secret: {demo.ClientSecret}\"";
        await output.WriteLineAsync($"""

            Created the demo account '{demo.Name}'. Its secret is shown this once and never again: keep it now.
              client id:     {demo.ClientId}
              client secret: {demo.ClientSecret}

            Send a message:
              curl -s {url}/v1/message/send {headers} -H "Content-Type: application/json" -d '{"{"}"message":"Hello from smsgw","to":"32470123456","sender":"smsgw"{"}"}'
            Then read the conversation:
              curl -s {url}/v1/conversation/32470123456 {headers}

            """);
    }

    /// <summary>A URL a client on this machine can use: wildcard listen addresses become the loopback address.</summary>
    private static string ReachableUrl(string listening)
    {
        var url = listening.TrimEnd('/');
        foreach (var wildcard in new[] { "://+:", "://*:", "://0.0.0.0:", "://[::]:" })
        {
            url = url.Replace(wildcard, "://127.0.0.1:", StringComparison.Ordinal);
        }
        return url;
    }

    /// <summary>
    /// A URL that did not parse, shown without anything that may be a password: only its scheme and what follows its
    /// last <c>@</c>. A password may itself hold <c>/</c>, <c>@</c> or <c>:</c>, and a URL that lacks its <c>@HOST</c>
    /// part may be all user and password, so no narrower cut is safe.
    /// </summary>
    private static string Redacted(string value)
    {
        var at = value.LastIndexOf('@');
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        var head = scheme >= 0 && (at < 0 || scheme < at) ? value[..(scheme + 3)] : "";
        // The query is dropped too: it may carry password=… (query keys are settings).
        var tail = at >= 0 ? value[at..] : "";
        var query = tail.IndexOf('?');
        return $"{head}***{(query >= 0 ? tail[..query] + "?…" : tail)}";
    }

    /// <summary>
    /// <c>smpp://SYSTEM_ID:PASSWORD@HOST:PORT?key=value</c> as <c>--Smsgw:Smpp:Connections:i:Key=value</c> settings; the
    /// first connection becomes the default carrier. Query keys are the configuration keys (any case), and
    /// <c>window</c> is short for <c>WindowSize</c>. The connection is named <c>smpp</c>, <c>smpp2</c>, … unless <c>name=</c> says.
    /// </summary>
    internal static bool TryParseSmppUrl(string value, int index, out List<string> settings, out string problem)
    {
        settings = [];
        problem = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != "smpp" || uri.Host.Length == 0)
        {
            problem = $"'{Redacted(value)}' is not smpp://SYSTEM_ID:PASSWORD@HOST:PORT";
            return false;
        }
        var prefix = $"--Smsgw:Smpp:Connections:{index}:";
        var userInfo = uri.UserInfo.Split(':', 2);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Name"] = index == 0 ? "smpp" : $"smpp{index + 1}",
            ["Host"] = uri.Host,
            ["Port"] = (uri.IsDefaultPort || uri.Port < 0 ? 2775 : uri.Port).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SystemId"] = Uri.UnescapeDataString(userInfo[0]),
            ["Password"] = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "",
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, setting) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (Uri.UnescapeDataString(pair), "true");
            values[key.Equals("window", StringComparison.OrdinalIgnoreCase) ? "WindowSize" : key] = setting;
        }
        settings.AddRange(values.Select(v => $"{prefix}{v.Key}={v.Value}"));
        if (index == 0)
        {
            settings.Add($"--Smsgw:Carriers:Default={values["Name"]}");
        }
        return true;
    }
}
