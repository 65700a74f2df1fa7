using System.CommandLine;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary><c>smsgw send --to PHONE [--to PHONE]… --sender S --text T</c>: one request, one message per recipient.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var to = new Option<string[]>("--to") { Description = "Recipient in international format (repeat for several)", Required = true };
        var sender = new Option<string>("--sender") { Description = "A number (at most 14 digits) or a name (at most 11 letters and digits)", Required = true };
        var text = new Option<string>("--text") { Description = "The message text", Required = true };
        var date = new Option<string>("--date") { Description = "Send later: \"yyyy-MM-dd HH:mm\" in the gateway's zone" };
        var reference = new Option<string>("--reference") { Description = "Your reference, shown in history and status" };
        var idempotencyKey = new Option<string>("--idempotency-key") { Description = "Repeat the command with the same key to retry without sending twice" };
        var test = new Option<bool>("--test") { Description = "Validate only: nothing is stored or sent" };
        var command = new Command("send", "Send an SMS") { to, sender, text, date, reference, idempotencyKey, test };
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var recipients = parseResult.GetRequiredValue(to);
            var options = new SendOptions
            {
                Date = parseResult.GetValue(date),
                Reference = parseResult.GetValue(reference),
                IdempotencyKey = parseResult.GetValue(idempotencyKey),
                Test = parseResult.GetValue(test),
            };
            var senderValue = parseResult.GetRequiredValue(sender);
            var textValue = parseResult.GetRequiredValue(text);
            IReadOnlyList<string> ids;
            if (recipients.Length == 1)
            {
                var id = await client.SendAsync(recipients[0], senderValue, textValue, options, ct);
                if (connection.Json(parseResult))
                {
                    await ApiConnection.WriteJsonAsync(output, new SendOneOutput(id), CliJsonContext.Output.SendOneOutput);
                    return ExitCodes.Success;
                }
                ids = [id];
            }
            else
            {
                ids = await client.SendAsync(recipients, senderValue, textValue, options, ct);
                if (connection.Json(parseResult))
                {
                    await ApiConnection.WriteJsonAsync(output, new SendManyOutput(ids), CliJsonContext.Output.SendManyOutput);
                    return ExitCodes.Success;
                }
            }
            var table = new TextTable("TO", "MESSAGE ID");
            for (var i = 0; i < ids.Count; i++)
            {
                table.Add(recipients[i], ids[i]);
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
