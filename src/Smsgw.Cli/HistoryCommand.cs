using System.CommandLine;

namespace Smsgw.Cli;

/// <summary><c>smsgw history</c>: sent messages, newest first.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var paging = Paging.AddTo(new Command("history", "Show sent messages and their status"));
        var command = paging.Command;
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var page = await client.GetHistoryAsync(paging.Page(parseResult), paging.Limit(parseResult), ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, page, CliJsonContext.Output.HistoryPage);
                return ExitCodes.Success;
            }
            await output.WriteLineAsync(Paging.Summary(page.Shown, page.Total, page.Page));
            var table = new TextTable("MESSAGE ID", "DATE", "TO", "SENDER", "STATUS", "PARTS", "MESSAGE");
            foreach (var m in page.Messages)
            {
                table.Add(m.Id, m.Date, m.To, m.Sender, m.Status, m.Amount, m.Message);
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
