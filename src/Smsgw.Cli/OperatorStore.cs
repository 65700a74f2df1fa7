using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Smsgw.Hosting;

namespace Smsgw.Cli;

/// <summary>What the operator verbs (<c>accounts</c>, <c>numbers</c>) share: the --data option and the opened store.</summary>
internal static class OperatorStore
{
    public static Command WithData(Command command, out Option<string> data)
    {
        data = new Option<string>("--data") { Description = "The gateway's data directory [env Smsgw__Storage__DataDirectory, default ./data]" };
        command.Options.Add(data);
        return command;
    }

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text" };

    /// <summary>Opens the store from --data and Smsgw__… environment variables, and runs the verb on it.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Option<string> data, Func<OperatorServices, TextWriter, TextWriter, Task<int>> verb, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables();
        if (parseResult.GetValue(data) is { Length: > 0 } directory)
        {
            configuration.AddInMemoryCollection([new("Smsgw:Storage:DataDirectory", directory)]);
        }
        await using var operators = await OperatorServices.OpenAsync(configuration.Build(), cancellationToken);
        return await verb(operators, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
    }
}
