using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Smsgw.Hosting;
using Smsgw.Storage;

namespace Smsgw.Cli;

/// <summary>The --data and --postgres options, which say where the store is, for serve and the operator verbs.</summary>
internal sealed record StoreSelection(Option<string> Data, Option<string> Postgres)
{
    public static StoreSelection AddTo(Command command)
    {
        var selection = new StoreSelection(
            new Option<string>("--data") { Description = "Data directory: the SQLite file and MMS files [env Smsgw__Storage__DataDirectory, default ./data]" },
            new Option<string>("--postgres")
            {
                Description = "Use PostgreSQL instead of SQLite: an Npgsql connection string such as \"Host=db;Username=smsgw;Password=…;Database=smsgw\" "
                    + "(MMS files stay in --data) [env Smsgw__Storage__Provider=postgres with Smsgw__Storage__ConnectionString]",
            });
        command.Options.Add(selection.Data);
        command.Options.Add(selection.Postgres);
        return selection;
    }

    /// <summary>The configuration these options stand for (Smsgw:Storage:…); nothing for an option not given.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(ParseResult parseResult)
    {
        if (parseResult.GetValue(Data) is { Length: > 0 } directory)
        {
            yield return new($"{StorageOptions.Section}:DataDirectory", directory);
        }
        if (parseResult.GetValue(Postgres) is { Length: > 0 } connectionString)
        {
            yield return new($"{StorageOptions.Section}:Provider", "postgres");
            yield return new($"{StorageOptions.Section}:ConnectionString", connectionString);
        }
    }
}

/// <summary>What the operator verbs (<c>accounts</c>, <c>numbers</c>) share: the store options and the opened store.</summary>
internal static class OperatorStore
{
    public static Command WithData(Command command, out StoreSelection store)
    {
        store = StoreSelection.AddTo(command);
        return command;
    }

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text" };

    /// <summary>Opens the store from --data/--postgres and Smsgw__… environment variables, and runs the verb on it.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, StoreSelection store, Func<OperatorServices, TextWriter, TextWriter, Task<int>> verb, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(store.Settings(parseResult));
        await using var operators = await OperatorServices.OpenAsync(configuration.Build(), cancellationToken);
        return await verb(operators, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
    }
}
