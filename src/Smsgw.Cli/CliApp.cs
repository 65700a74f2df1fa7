using System.CommandLine;

namespace Smsgw.Cli;

/// <summary>The <c>smsgw</c> command: serve the gateway, operate its store, use its API.</summary>
public static class CliApp
{
    /// <summary>The whole command tree; each verb writes to the output and error writers of its invocation.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("smsgw: a self-hosted SMS gateway speaking the Smstools SMS Gateway API v1");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(AccountsCommand.Create());
        root.Subcommands.Add(NumbersCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(ConversationCommand.Create());
        root.Subcommands.Add(InboxCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(MessageCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(WebhooksCommand.Create());
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the verb, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="cancellationToken">
    /// A caller that passes a cancellable token owns shutdown (tests, a host embedding the CLI). Without one, Ctrl+C and
    /// SIGTERM cancel the verb, and <c>serve</c> gets time to stop the gateway cleanly before the process ends.
    /// </param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Longer than the host's 30 s shutdown timeout, so an interrupted serve drains instead of being cut off.
            ProcessTerminationTimeout = cancellationToken.CanBeCanceled ? null : TimeSpan.FromSeconds(35),
        };
        try
        {
            var parseResult = CreateRootCommand().Parse(args);
            var exitCode = await parseResult.InvokeAsync(configuration, cancellationToken);
            // The parser reports its errors (with help) and exits 1; a mistake in the command line is a usage error.
            return parseResult.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Failure;
        }
    }
}
