using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Smsgw.Cli;
using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary><c>smsgw serve</c>, run in this process on a free port and stopped through its cancellation token.</summary>
public sealed partial class ServeCommandTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""curl -s (?<url>\S+/v1/message/send) -H "X-Client-Id: (?<id>\w+)" -H "X-Client-Secret: (?<secret>\w+)" -H "Content-Type: application/json" -d '(?<body>[^']+)'""")]
    private static partial Regex SendCurl();

    [GeneratedRegex("""curl -s (?<url>\S+/v1/conversation/\d+) -H "X-Client-Id: (?<id>\w+)" -H "X-Client-Secret: (?<secret>\w+)"$""", RegexOptions.Multiline)]
    private static partial Regex ConversationCurl();

    [Fact]
    public async Task Serve_on_a_fresh_directory_prints_working_demo_credentials_once()
    {
        var directory = TempDirectory.Create();
        try
        {
            // An option serve does not know passes through as configuration: here it renames the demo account.
            var first = await ServeUntilAsync(directory, output => ConversationCurl().IsMatch(output), "--Smsgw:Accounts:DemoAccountName=trial", async output =>
            {
                Assert.Contains("Created the demo account 'trial'", output);
                Assert.Contains("shown this once", output);
                var send = SendCurl().Match(output);
                Assert.True(send.Success, output);
                var conversation = ConversationCurl().Match(output);
                Assert.Equal(send.Groups["secret"].Value, conversation.Groups["secret"].Value);
                Assert.Matches($@"client secret:\s+{send.Groups["secret"].Value}", output);

                using var http = new HttpClient();
                using var sendRequest = new HttpRequestMessage(HttpMethod.Post, send.Groups["url"].Value)
                {
                    Content = new StringContent(send.Groups["body"].Value, Encoding.UTF8, "application/json"),
                };
                sendRequest.Headers.Add("X-Client-Id", send.Groups["id"].Value);
                sendRequest.Headers.Add("X-Client-Secret", send.Groups["secret"].Value);
                using var sent = await http.SendAsync(sendRequest, Ct);
                Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

                var client = new SmsgwClient(http, new Uri(conversation.Groups["url"].Value.Split("/v1/")[0]), conversation.Groups["id"].Value, conversation.Groups["secret"].Value);
                var page = await client.GetConversationAsync(conversation.Groups["url"].Value.Split('/')[^1], cancellationToken: Ct);
                Assert.Equal("Hello from smsgw", Assert.Single(page.Conversation).Message);
            });
            Assert.Equal(0, first.ExitCode);
            Assert.Matches($@"^smsgw listening on http://127\.0\.0\.1:\d+ \(data: {Regex.Escape(directory)}\)", first.Stdout);

            var second = await ServeUntilAsync(directory, output => output.Contains("listening on", StringComparison.Ordinal), null, _ => Task.CompletedTask);

            Assert.Equal(0, second.ExitCode);
            Assert.DoesNotContain("client secret", second.Stdout);
            Assert.DoesNotContain("demo account", second.Stdout);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Serve_on_a_data_directory_in_use_prints_the_reason_without_a_stack_trace_and_exits_1()
    {
        // A child process, as a user would run it: the host's own console logging is part of what they see.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Smsgw.Cli.dll"), "serve", "--urls", "http://127.0.0.1:0", "--data", gateway.DataDirectory })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(1, process.ExitCode);
        Assert.Equal($"error: Another smsgw server is already running on the data directory {gateway.DataDirectory}. Stop it, or give this one another --data directory.", (await stderr).Trim());
        Assert.DoesNotContain("   at ", await stdout);
        Assert.DoesNotContain("Exception", await stdout);
    }

    /// <summary>Runs serve until <paramref name="ready"/> holds for its output, lets <paramref name="whileRunning"/> use it, then stops it.</summary>
    private static async Task<CliResult> ServeUntilAsync(string directory, Func<string, bool> ready, string? extra, Func<string, Task> whileRunning)
    {
        var stdout = new LiveOutput();
        var stderr = new LiveOutput();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        string[] args = ["serve", "--urls", "http://127.0.0.1:0", "--data", directory, "--Logging:LogLevel:Default=Warning", "--Smsgw:Simulator:ReceiptDelay=00:00:00.050"];
        var run = CliApp.RunAsync(extra is null ? args : [.. args, extra], stdout, stderr, stop.Token);
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(stdout.Text), output => ready(output) || run.IsCompleted, TimeSpan.FromSeconds(20));
            Assert.False(run.IsCompleted, $"serve ended early: {stderr.Text}");
            await whileRunning(stdout.Text);
        }
        finally
        {
            await stop.CancelAsync();
        }
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        return new CliResult(exitCode, stdout.Text, stderr.Text);
    }
}
