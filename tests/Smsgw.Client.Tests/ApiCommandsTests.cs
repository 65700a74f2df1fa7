using System.Globalization;
using System.Text.Json;
using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary>The API verbs (<c>send</c>, <c>conversation</c>, <c>inbox</c>, <c>history</c>, <c>message</c>, <c>simulate</c>) against a running gateway.</summary>
public sealed class ApiCommandsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string[]> NewAccountOptionsAsync() => gateway.ApiOptions(await gateway.CreateAccountAsync());

    [Fact]
    public async Task Send_then_conversation_shows_the_message_delivered()
    {
        var account = await NewAccountOptionsAsync();

        var sent = await CliRunner.RunAsync(["send", "--to", "32470123456", "--sender", "smsgw", "--text", "Hello from the CLI", "--json", .. account]);

        Assert.Equal(0, sent.ExitCode);
        var id = JsonDocument.Parse(sent.Stdout).RootElement.GetProperty("messageid").GetString();
        var json = await Eventually.HoldsAsync(
            () => CliRunner.RunAsync(["conversation", "32470123456", "--json", .. account]),
            r => r.ExitCode == 0 && JsonDocument.Parse(r.Stdout).RootElement.GetProperty("conversation")[0].GetProperty("deliveryStatus").GetString() == "DELIVERED");
        var item = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("conversation")[0];
        Assert.Equal(id, item.GetProperty("messageId").GetString());
        Assert.Equal("outbound", item.GetProperty("direction").GetString());

        var text = await CliRunner.RunAsync(["conversation", "32470123456", .. account]);

        Assert.Equal(0, text.ExitCode);
        var lines = text.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1 of 1 (page 1)", lines[0]);
        Assert.StartsWith("DATE (UTC)", lines[1]);
        Assert.Matches(@"^\d\d [a-z]{3} \d{4}, \d\d:\d\d:\d\d\s+out\s+DELIVERED\s+smsgw\s+32470123456\s+Hello from the CLI$", lines[2]);
    }

    [Fact]
    public async Task Send_to_two_numbers_prints_each_recipient_with_its_message_id()
    {
        var account = await NewAccountOptionsAsync();

        var result = await CliRunner.RunAsync(["send", "--to", "32470000011", "--to", "32470000012", "--sender", "smsgw", "--text", "Hi both", .. account]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^32470000011\s+[a-z0-9]{30,31}$", lines[1]);
        Assert.Matches(@"^32470000012\s+[a-z0-9]{30,31}$", lines[2]);
        var json = await CliRunner.RunAsync(["send", "--to", "32470000011", "--to", "32470000012", "--sender", "smsgw", "--text", "Again", "--json", .. account]);
        Assert.Equal(2, JsonDocument.Parse(json.Stdout).RootElement.GetProperty("messageids").GetArrayLength());
    }

    [Fact]
    public async Task Wrong_secret_prints_error_104_on_stderr_and_exits_1()
    {
        var credentials = await gateway.CreateAccountAsync();

        var result = await CliRunner.RunAsync("history", "--url", gateway.BaseAddress.ToString(), "--client-id", credentials.ClientId, "--client-secret", "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("error 104: Invalid credentials", result.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Missing_credentials_exit_2_and_say_how_to_give_them()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("SMSGW_CLIENT_ID") is { Length: > 0 }, "SMSGW_CLIENT_ID is set in this environment");

        var result = await CliRunner.RunAsync("history", "--url", gateway.BaseAddress.ToString());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--client-id", result.Stderr);
        Assert.Contains("SMSGW_CLIENT_ID", result.Stderr);
    }

    [Fact]
    public async Task Unreachable_gateway_exits_1_naming_the_address()
    {
        var result = await CliRunner.RunAsync("inbox", "--url", "http://127.0.0.1:1", "--client-id", "x", "--client-secret", "y");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: cannot reach http://127.0.0.1:1/", result.Stderr);
    }

    [Fact]
    public async Task Message_status_and_cancel_of_a_scheduled_message()
    {
        var account = await NewAccountOptionsAsync();
        var brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), brussels).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var sent = await CliRunner.RunAsync(["send", "--to", "32470777777", "--sender", "smsgw", "--text", "Later", "--date", tomorrow, "--reference", "r-9", "--json", .. account]);
        var id = JsonDocument.Parse(sent.Stdout).RootElement.GetProperty("messageid").GetString()!;

        var status = await CliRunner.RunAsync(["message", "status", id, .. account]);
        var cancel = await CliRunner.RunAsync(["message", "cancel", id, .. account]);
        var after = await CliRunner.RunAsync(["message", "status", id, "--json", .. account]);
        var again = await CliRunner.RunAsync(["message", "cancel", id, .. account]);

        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"(?m)^status:\s+SUBMITTED", status.Stdout);
        Assert.Matches(@"(?m)^scheduled:\s+\d{4}-\d\d-\d\d \d\d:\d\d:00 UTC$", status.Stdout);
        Assert.Matches(@"(?m)^reference:\s+r-9$", status.Stdout);
        Assert.Equal((0, $"cancelled {id}"), (cancel.ExitCode, cancel.Stdout.Trim()));
        Assert.Equal("CANCELLED", JsonDocument.Parse(after.Stdout).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, again.ExitCode);
        Assert.StartsWith("error 153:", again.Stderr);
    }

    [Fact]
    public async Task Simulate_inbound_with_a_file_shows_in_inbox_with_a_url_serving_the_bytes()
    {
        var account = await NewAccountOptionsAsync();
        var directory = TempDirectory.Create();
        try
        {
            var photo = Path.Combine(directory, "photo.jpg");
            byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];
            await File.WriteAllBytesAsync(photo, bytes, Ct);

            var simulated = await CliRunner.RunAsync(["simulate", "inbound", "--from", "32470888888", "--to", "smsgw", "--text", "Photo", "--file", photo, .. account]);
            var inbox = await CliRunner.RunAsync(["inbox", "--json", .. account]);
            var text = await CliRunner.RunAsync(["inbox", .. account]);

            Assert.Equal(0, simulated.ExitCode);
            Assert.Matches(@"^received: inbox id \d+$", simulated.Stdout.Trim());
            var message = JsonDocument.Parse(inbox.Stdout).RootElement.GetProperty("messages")[0];
            Assert.Equal("32470888888", message.GetProperty("sender").GetString());
            var file = message.GetProperty("file")[0];
            Assert.Equal(("photo.jpg", "image/jpeg"), (file.GetProperty("name").GetString(), file.GetProperty("mime").GetString()));
            var url = file.GetProperty("image").GetString()!;
            Assert.Equal(bytes, await gateway.Http.GetByteArrayAsync(url, Ct));
            Assert.Contains($"Photo [image/jpeg photo.jpg {url}]", text.Stdout);
        }
        finally
        {
            TempDirectory.TryDelete(directory);
        }
    }

    [Fact]
    public async Task Simulate_inbound_with_an_unsupported_file_type_exits_2_before_calling_the_gateway()
    {
        var result = await CliRunner.RunAsync("simulate", "inbound", "--from", "32470888888", "--to", "smsgw", "--file", "program.exe");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: program.exe: unsupported file type", result.Stderr);
    }

    [Fact]
    public async Task History_lists_sent_messages_with_their_status()
    {
        var account = await NewAccountOptionsAsync();
        await CliRunner.RunAsync(["send", "--to", "32470999990", "--sender", "smsgw", "--text", "for history", .. account]);

        var result = await CliRunner.RunAsync(["history", .. account]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1 of 1 (page 1)", lines[0]);
        Assert.Matches(@"^[a-z0-9]{30,31}\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+32470999990\s+smsgw\s+[A-Z ]+\s+1\s+for history$", lines[2]);
    }

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error_with_exit_2()
    {
        var result = await CliRunner.RunAsync("send", "--to", "32470123456", "--text", "no sender");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sender", result.Stderr);
    }
}
