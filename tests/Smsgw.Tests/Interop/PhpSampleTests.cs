using System.Text.Json;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Interop;

/// <summary>The seed page's PHP cURL sample, run by PHP's own cURL (a client nobody here wrote) against a real gateway.</summary>
public sealed class PhpSampleTests
{
    [Fact]
    public async Task The_documented_php_sample_reads_a_conversation_with_only_url_and_credentials_filled_in()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        await client.SendJsonAsync("/v1/message/send", new { message = "Outbound message", to = "32470123456", sender = "Sender" });
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "Sender", message = "Inbound message ✓" });

        var template = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "tests", "interop", "php", "conversation.php"), TestContext.Current.CancellationToken);
        var demo = gateway.Demo!;
        var filled = template
            .Replace("https://api.smsgatewayapi.com/v1/conversation/{phone}", $"{gateway.BaseAddress.ToString().TrimEnd('/')}/v1/conversation/+32470123456", StringComparison.Ordinal)
            .Replace("\"XXX\"", $"\"{demo.ClientId}\"", StringComparison.Ordinal)
            .Replace("\"YYY\"", $"\"{demo.ClientSecret}\"", StringComparison.Ordinal);
        Assert.NotEqual(template, filled);
        var script = Path.Combine(gateway.DataDirectory, "sample.php");
        await File.WriteAllTextAsync(script, filled, TestContext.Current.CancellationToken);
        var printer = Path.Combine(Repository.Root, "tests", "interop", "php", "print-response.php");

        (int ExitCode, string Stdout, string Stderr) result;
        try
        {
            result = await Repository.RunAsync("php", ["-d", $"auto_append_file={printer}", script], TimeSpan.FromSeconds(30));
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("php is not installed: .ci/run installs php-cli and php-curl (apt-get install php-cli php-curl)", ex);
        }
        Assert.True(result.ExitCode == 0, result.Stderr);
        var output = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(200, output.GetProperty("status").GetInt32());
        var body = JsonDocument.Parse(output.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(2, body.GetProperty("total").GetInt64());
        Assert.Equal(2, body.GetProperty("shown").GetInt32());
        var messages = body.GetProperty("conversation").EnumerateArray().Select(i => i.GetProperty("message").GetString()).ToHashSet();
        Assert.Equal(["Outbound message", "Inbound message ✓"], messages);
        // PHP's cURL said what it sent: the sample's own headers reached us.
        Assert.Contains("X-Client-Id: " + demo.ClientId, result.Stderr, StringComparison.Ordinal);
    }
}
