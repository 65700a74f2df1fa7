using System.CommandLine;
using System.Globalization;
using Smsgw.Accounts;

namespace Smsgw.Cli;

/// <summary>
/// <c>smsgw numbers add|list|remove</c>: which account receives the inbound messages sent to each of our numbers.
/// Acts on the store directly, also while a server runs on the same data directory.
/// </summary>
internal static class NumbersCommand
{
    public static Command Create() => new("numbers", "Assign inbound numbers to accounts")
    {
        Add(), List(), Remove(),
    };

    private static Command Add()
    {
        var number = new Argument<string>("number") { Description = "The number (any usual form; short codes as digits)" };
        var account = new Option<string>("--account") { Description = "The account that receives its messages", Required = true };
        var command = OperatorStore.WithData(new Command("add", "Assign a number to an account") { number, account }, out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, error) =>
        {
            var result = await operators.Numbers.AssignAsync(parseResult.GetRequiredValue(number), parseResult.GetRequiredValue(account), cancellationToken);
            switch (result)
            {
                case NumberAssignment.Assigned:
                    await output.WriteLineAsync($"{parseResult.GetRequiredValue(number)} → {parseResult.GetRequiredValue(account)}");
                    return ExitCodes.Success;
                case NumberAssignment.InvalidNumber:
                    await error.WriteLineAsync($"error: '{parseResult.GetRequiredValue(number)}' is not a phone number or short code");
                    return ExitCodes.Usage;
                case NumberAssignment.NoSuchAccount:
                    await error.WriteLineAsync($"error: no account named '{parseResult.GetRequiredValue(account)}'");
                    return ExitCodes.Failure;
                default:
                    await error.WriteLineAsync("error: another account already has this number (numbers remove it first)");
                    return ExitCodes.Failure;
            }
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var command = OperatorStore.WithData(new Command("list", "List numbers and their accounts"), out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, _) =>
        {
            var table = new TextTable("NUMBER", "ACCOUNT", "ADDED (UTC)");
            foreach (var n in await operators.Numbers.ListAsync(cancellationToken))
            {
                table.Add(n.Number, n.Account, n.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Remove()
    {
        var number = new Argument<string>("number") { Description = "The number to release" };
        var command = OperatorStore.WithData(new Command("remove", "Release a number") { number }, out var data);
        command.SetAction((parseResult, cancellationToken) => OperatorStore.RunAsync(parseResult, data, async (operators, output, error) =>
        {
            if (!await operators.Numbers.RemoveAsync(parseResult.GetRequiredValue(number), cancellationToken))
            {
                await error.WriteLineAsync($"error: '{parseResult.GetRequiredValue(number)}' is not assigned");
                return ExitCodes.Failure;
            }
            await output.WriteLineAsync($"removed {parseResult.GetRequiredValue(number)}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
