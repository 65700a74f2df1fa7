using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary><c>smsgw accounts …</c> on the data directory of a gateway that is running, as an operator would use them.</summary>
public sealed partial class AccountsCommandTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("""^\{"clientId":"([a-z0-9]+)","clientSecret":"([A-Za-z0-9]+)"\}\r?\n$""")]
    private static partial Regex CredentialsJson();

    private static string NewName() => $"cli-{Guid.NewGuid():N}"[..24];

    private async Task<(string Name, SmsgwClient Client, string ClientId, string Secret)> CreateAsync()
    {
        var name = NewName();
        var result = await CliRunner.RunAsync("accounts", "create", name, "--data", gateway.DataDirectory, "--json");
        Assert.Equal(0, result.ExitCode);
        var match = CredentialsJson().Match(result.Stdout);
        Assert.True(match.Success, $"unexpected output: {result.Stdout}");
        var (id, secret) = (match.Groups[1].Value, match.Groups[2].Value);
        return (name, new SmsgwClient(gateway.Http, gateway.BaseAddress, id, secret), id, secret);
    }

    [Fact]
    public async Task Create_with_json_prints_only_the_client_id_and_secret_and_they_work_against_the_running_server()
    {
        var (_, client, _, _) = await CreateAsync();

        var history = await client.GetHistoryAsync(cancellationToken: Ct);

        Assert.Equal(0, history.Total);
    }

    [Fact]
    public async Task Create_without_json_prints_the_credentials_and_warns_they_are_shown_once()
    {
        var name = NewName();

        var result = await CliRunner.RunAsync("accounts", "create", name, "--data", gateway.DataDirectory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"created account {name}", result.Stdout);
        Assert.Matches(@"client id:\s+[a-z0-9]+", result.Stdout);
        Assert.Matches(@"client secret:\s+[A-Za-z0-9]+", result.Stdout);
        Assert.Contains("will not be shown again", result.Stdout);
    }

    [Fact]
    public async Task Create_with_a_taken_name_exits_1_and_says_so()
    {
        var (name, _, _, _) = await CreateAsync();

        var result = await CliRunner.RunAsync("accounts", "create", name, "--data", gateway.DataDirectory, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal($"error: an account named '{name}' already exists", result.Stderr.Trim());
    }

    [Fact]
    public async Task Create_with_an_invalid_name_exits_2_with_the_naming_rule()
    {
        var result = await CliRunner.RunAsync("accounts", "create", "no spaces allowed", "--data", gateway.DataDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: An account name is", result.Stderr);
        Assert.DoesNotContain("Parameter", result.Stderr);
    }

    [Fact]
    public async Task List_shows_each_account_with_its_client_id_and_state()
    {
        var (name, _, clientId, _) = await CreateAsync();
        Assert.Equal(0, (await CliRunner.RunAsync("accounts", "disable", name, "--data", gateway.DataDirectory)).ExitCode);

        var text = await CliRunner.RunAsync("accounts", "list", "--data", gateway.DataDirectory);
        var json = await CliRunner.RunAsync("accounts", "list", "--data", gateway.DataDirectory, "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("NAME", text.Stdout);
        Assert.Matches($@"(?m)^{name}\s+{clientId}\s+disabled\s+\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d$", text.Stdout);
        Assert.Equal(0, json.ExitCode);
        var row = JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray().Single(a => a.GetProperty("name").GetString() == name);
        Assert.Equal(clientId, row.GetProperty("clientId").GetString());
        Assert.True(row.GetProperty("disabled").GetBoolean());
        Assert.True(row.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Rotate_secret_stops_the_old_secret_within_two_seconds_and_the_new_one_works()
    {
        var (name, oldClient, clientId, _) = await CreateAsync();
        await oldClient.GetHistoryAsync(cancellationToken: Ct); // the server has now cached the account with its old secret

        var result = await CliRunner.RunAsync("accounts", "rotate-secret", name, "--data", gateway.DataDirectory, "--json");

        Assert.Equal(0, result.ExitCode);
        var match = CredentialsJson().Match(result.Stdout);
        Assert.True(match.Success, result.Stdout);
        Assert.Equal(clientId, match.Groups[1].Value);
        var refused = await Eventually.HoldsAsync(() => StatusOfAsync(oldClient), status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2.5));
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        var newClient = new SmsgwClient(gateway.Http, gateway.BaseAddress, clientId, match.Groups[2].Value);
        Assert.Equal(0, (await newClient.GetHistoryAsync(cancellationToken: Ct)).Total);
    }

    [Fact]
    public async Task Rotate_secret_of_an_unknown_account_exits_1()
    {
        var result = await CliRunner.RunAsync("accounts", "rotate-secret", "nobody-" + Guid.NewGuid().ToString("N")[..8], "--data", gateway.DataDirectory);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: no account named", result.Stderr);
    }

    [Fact]
    public async Task Disable_makes_the_running_server_answer_401_and_enable_lets_the_account_back_in()
    {
        var (name, client, _, _) = await CreateAsync();
        Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(client));

        var disabled = await CliRunner.RunAsync("accounts", "disable", name, "--data", gateway.DataDirectory);

        Assert.Equal((0, $"disabled account {name}"), (disabled.ExitCode, disabled.Stdout.Trim()));
        await Eventually.HoldsAsync(() => StatusOfAsync(client), status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(2.5));

        var enabled = await CliRunner.RunAsync("accounts", "enable", name, "--data", gateway.DataDirectory);

        Assert.Equal((0, $"enabled account {name}"), (enabled.ExitCode, enabled.Stdout.Trim()));
        await Eventually.HoldsAsync(() => StatusOfAsync(client), status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(2.5));
    }

    private static async Task<HttpStatusCode> StatusOfAsync(SmsgwClient client)
    {
        try
        {
            await client.GetHistoryAsync(cancellationToken: Ct);
            return HttpStatusCode.OK;
        }
        catch (SmsgwApiException ex) when (ex.ErrorCode == "104")
        {
            return ex.HttpStatus;
        }
    }
}
