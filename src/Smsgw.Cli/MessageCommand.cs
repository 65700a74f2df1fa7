using System.CommandLine;
using System.Globalization;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary><c>smsgw message status ID</c> and <c>smsgw message cancel ID</c>: one sent message (smsgw extensions of the API).</summary>
internal static class MessageCommand
{
    public static Command Create() => new("message", "Inspect or cancel one sent message") { Status(), Cancel() };

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "The message id send printed" };
        var command = new Command("status", "Show a sent message's status and parts") { id };
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var message = await client.GetMessageAsync(parseResult.GetRequiredValue(id), ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, message, CliJsonContext.Output.MessageDetail);
                return ExitCodes.Success;
            }
            await WriteAsync(output, message);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("id") { Description = "The id of a message not yet handed to a carrier (e.g. scheduled)" };
        var command = new Command("cancel", "Cancel a message no carrier has taken yet") { id };
        var connection = ApiConnection.AddTo(command, json: false);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var messageId = parseResult.GetRequiredValue(id);
            await client.CancelAsync(messageId, ct);
            await output.WriteLineAsync($"cancelled {messageId}");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task WriteAsync(TextWriter output, MessageDetail m)
    {
        await output.WriteLineAsync($"message id:  {m.MessageId}");
        await output.WriteLineAsync($"status:      {m.Status} (delivery code {m.DeliveryCode}){(m.StatusDetail is { Length: > 0 } detail ? $": {detail}" : "")}");
        await output.WriteLineAsync($"status at:   {Instant(m.StatusUnixDateTime)}");
        await output.WriteLineAsync($"from → to:   {m.Sender} → {m.To}");
        await output.WriteLineAsync($"accepted:    {m.Date} (gateway time)");
        if (m.ScheduledUnixDateTime is { } scheduled)
        {
            await output.WriteLineAsync($"scheduled:   {Instant(scheduled)}");
        }
        if (m.Reference is { Length: > 0 } reference)
        {
            await output.WriteLineAsync($"reference:   {reference}");
        }
        await output.WriteLineAsync($"encoding:    {m.Encoding}, {m.Parts} part(s){(m.Carrier is { } carrier ? $" via {carrier}" : "")}");
        await output.WriteLineAsync($"text:        {TextTable.OneLine(m.Message)}");
        if (m.PartDetails.Count > 0)
        {
            var table = new TextTable("PART", "STATUS", "ERROR", "CARRIER ID", "UPDATED (UTC)");
            foreach (var part in m.PartDetails)
            {
                table.Add(part.Part.ToString(CultureInfo.InvariantCulture), part.Status, part.ErrorCode ?? "", part.CarrierMessageId, Instant(part.UnixDateTime));
            }
            table.WriteTo(output);
        }
    }

    private static string Instant(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
