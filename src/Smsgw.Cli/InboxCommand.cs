using System.CommandLine;

namespace Smsgw.Cli;

/// <summary><c>smsgw inbox</c>: received messages, newest first.</summary>
internal static class InboxCommand
{
    public static Command Create()
    {
        var type = new Option<string>("--type") { Description = "sms (default), whatsapp or call" };
        var paging = Paging.AddTo(new Command("inbox", "Show received messages") { type });
        var command = paging.Command;
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var page = await client.GetInboxAsync(paging.Page(parseResult), paging.Limit(parseResult), parseResult.GetValue(type), ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, page, CliJsonContext.Output.InboxPage);
                return ExitCodes.Success;
            }
            await output.WriteLineAsync(Paging.Summary(page.Shown, page.Total, page.Page));
            var table = new TextTable("ID", "DATE", "FROM", "TO", "MESSAGE");
            foreach (var m in page.Messages)
            {
                table.Add(m.Id, m.Date, m.Sender, m.Receiver, m.Message + Paging.Files(m.File));
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
