using System.CommandLine;

namespace Smsgw.Cli;

/// <summary><c>smsgw conversation PHONE</c>: the thread with one number, newest first.</summary>
internal static class ConversationCommand
{
    public static Command Create()
    {
        var phone = new Argument<string>("phone") { Description = "The other party's number" };
        var paging = Paging.AddTo(new Command("conversation", "Show the messages to and from one number") { phone });
        var command = paging.Command;
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var page = await client.GetConversationAsync(parseResult.GetRequiredValue(phone), paging.Page(parseResult), paging.Limit(parseResult), ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, page, CliJsonContext.Output.ConversationPage);
                return ExitCodes.Success;
            }
            await output.WriteLineAsync(Paging.Summary(page.Shown, page.Total, page.Page));
            var table = new TextTable("DATE (UTC)", "DIR", "STATUS", "FROM", "TO", "MESSAGE");
            foreach (var m in page.Conversation)
            {
                table.Add(m.DateTime, m.Direction == "outbound" ? "out" : "in", m.DeliveryStatus, m.Sender, m.Receiver, m.Message + Paging.Files(m.File));
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
