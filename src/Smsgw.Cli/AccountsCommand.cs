using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Smsgw.Accounts;
using Smsgw.Hosting;

namespace Smsgw.Cli;

/// <summary>
/// <c>smsgw accounts create|list|rotate-secret|disable|enable</c>: act on the store directly, no server needed.
/// They also work while a server runs on the same data directory, which sees the change within a second.
/// </summary>
internal static class AccountsCommand
{
    public static Command Create() => new("accounts", "Manage the accounts allowed to use the API")
    {
        CreateAccount(), List(), RotateSecret(), SetDisabled("disable", true), SetDisabled("enable", false),
    };

    private static Command CreateAccount()
    {
        var name = NameArgument();
        var json = OperatorStore.JsonOption();
        var command = OperatorStore.WithData(new Command("create", "Create an account and print its client id and secret") { name, json }, out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, error) =>
        {
            var accountName = parseResult.GetRequiredValue(name);
            IssuedCredentials? issued;
            try
            {
                issued = await operators.Accounts.CreateAsync(accountName, cancellationToken);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"error: {FirstSentence(ex)}");
                return ExitCodes.Usage;
            }
            if (issued is null)
            {
                await error.WriteLineAsync($"error: an account named '{accountName}' already exists");
                return ExitCodes.Failure;
            }
            await WriteCredentialsAsync(output, issued, parseResult.GetValue(json), "created");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var json = OperatorStore.JsonOption();
        var command = OperatorStore.WithData(new Command("list", "List accounts") { json }, out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, _) =>
        {
            var accounts = await operators.Accounts.ListAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                var rows = accounts.Select(a => new AccountOutput(a.Name, a.ClientId, a.Disabled, a.CreatedAt)).ToList();
                await output.WriteLineAsync(JsonSerializer.Serialize<IReadOnlyList<AccountOutput>>(rows, CliJsonContext.Output.IReadOnlyListAccountOutput));
                return ExitCodes.Success;
            }
            var table = new TextTable("NAME", "CLIENT ID", "STATE", "CREATED (UTC)");
            foreach (var a in accounts)
            {
                table.Add(a.Name, a.ClientId, a.Disabled ? "disabled" : "enabled", a.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command RotateSecret()
    {
        var name = NameArgument();
        var json = OperatorStore.JsonOption();
        var command = OperatorStore.WithData(new Command("rotate-secret", "Issue a new client secret; the old one stops working") { name, json }, out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, error) =>
        {
            var accountName = parseResult.GetRequiredValue(name);
            if (await operators.Accounts.RotateSecretAsync(accountName, cancellationToken) is not { } issued)
            {
                await error.WriteLineAsync($"error: no account named '{accountName}'");
                return ExitCodes.Failure;
            }
            await WriteCredentialsAsync(output, issued, parseResult.GetValue(json), "new secret for");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command SetDisabled(string verb, bool disabled)
    {
        var name = NameArgument();
        var description = disabled ? "Refuse the account's requests (401) until it is enabled again" : "Accept the account's requests again";
        var command = OperatorStore.WithData(new Command(verb, description) { name }, out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, error) =>
        {
            var accountName = parseResult.GetRequiredValue(name);
            if (!await operators.Accounts.SetDisabledAsync(accountName, disabled, cancellationToken))
            {
                await error.WriteLineAsync($"error: no account named '{accountName}'");
                return ExitCodes.Failure;
            }
            await output.WriteLineAsync($"{verb}d account {accountName}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task WriteCredentialsAsync(TextWriter output, IssuedCredentials issued, bool json, string what)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new IssuedCredentialsOutput(issued.ClientId, issued.ClientSecret), CliJsonContext.Output.IssuedCredentialsOutput));
            return;
        }
        await output.WriteLineAsync($"{what} account {issued.Name}");
        await output.WriteLineAsync($"  client id:     {issued.ClientId}");
        await output.WriteLineAsync($"  client secret: {issued.ClientSecret}");
        await output.WriteLineAsync("The secret is not stored in clear and will not be shown again: keep it now.");
    }

    /// <summary>Opens the store named by <c>--data</c> (or Smsgw__Storage__… environment variables) for one operator verb.</summary>
    private static Argument<string> NameArgument() => new("name") { Description = "Account name: letters, digits, '-', '_' or '.'" };


    // ArgumentException appends "(Parameter 'name')", which means nothing to someone at a shell.
    private static string FirstSentence(ArgumentException ex) => ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal);
}
