using System.CommandLine;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary><c>smsgw simulate inbound</c>: a handset texts one of your senders, through the simulator carrier.</summary>
internal static class SimulateCommand
{
    public static Command Create() => new("simulate", "Drive the simulator carrier") { Inbound() };

    private static Command Inbound()
    {
        var from = new Option<string>("--from") { Description = "The handset's number", Required = true };
        var to = new Option<string>("--to") { Description = "One of your senders (a number or a name)", Required = true };
        var text = new Option<string>("--text") { Description = "The message text (may be left out when files are attached)" };
        var files = new Option<FileInfo[]>("--file") { Description = $"Attach a file, making it an MMS (repeatable; {MimeTypes.Supported})" };
        var command = new Command("inbound", "Receive an SMS or MMS as if a handset sent it") { from, to, text, files };
        var connection = ApiConnection.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var attachments = new List<SimulatedFile>();
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                if (MimeTypes.ForFileName(file.Name) is not { } mime)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {file.Name}: unsupported file type; use {MimeTypes.Supported}");
                    return ExitCodes.Usage;
                }
                if (!file.Exists)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"error: {file.FullName}: no such file");
                    return ExitCodes.Usage;
                }
                attachments.Add(new SimulatedFile(file.Name, mime, await File.ReadAllBytesAsync(file.FullName, cancellationToken)));
            }
            return await connection.RunAsync(parseResult, async (client, output, ct) =>
            {
                var id = await client.SimulateInboundAsync(parseResult.GetRequiredValue(from), parseResult.GetRequiredValue(to), parseResult.GetValue(text) ?? "", attachments, ct);
                if (connection.Json(parseResult))
                {
                    await ApiConnection.WriteJsonAsync(output, new InboundOutput(id), CliJsonContext.Output.InboundOutput);
                }
                else
                {
                    await output.WriteLineAsync($"received: inbox id {id}");
                }
                return ExitCodes.Success;
            }, cancellationToken);
        });
        return command;
    }
}
