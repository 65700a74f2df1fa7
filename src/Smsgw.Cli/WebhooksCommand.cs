using System.CommandLine;
using System.Globalization;
using Smsgw.Client;

namespace Smsgw.Cli;

/// <summary><c>smsgw webhooks create|list|events|replay|delete</c>: the account's webhooks, over the API.</summary>
internal static class WebhooksCommand
{
    public static Command Create() => new("webhooks", "Manage webhooks and their events")
    {
        CreateWebhook(), List(), Events(), Replay(), Delete(),
    };

    private static Command CreateWebhook()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "The http(s) URL events are sent to", Required = true };
        var types = new Option<string[]>("--type") { Description = "delivery_report and/or inbox_message (repeat the option)", Required = true, AllowMultipleArgumentsPerToken = true };
        var method = new Option<string>("--method") { Description = "POST (JSON body) or GET (query parameters)", DefaultValueFactory = _ => "POST" };
        var command = new Command("create", "Register an endpoint; prints the webhook's id and its signing secret") { endpoint, types, method };
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var created = await client.CreateWebhookAsync(parseResult.GetRequiredValue(endpoint), parseResult.GetRequiredValue(types), parseResult.GetRequiredValue(method), ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, created, CliJsonContext.Output.WebhookRegistration);
                return ExitCodes.Success;
            }
            await output.WriteLineAsync($"webhook id: {created.Id}");
            await output.WriteLineAsync($"secret:     {created.Secret}   (signs every delivery; also deletes the webhook)");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the account's webhooks");
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var webhooks = await client.ListWebhooksAsync(ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, webhooks, CliJsonContext.Output.IReadOnlyListWebhook);
                return ExitCodes.Success;
            }
            var table = new TextTable("ID", "METHOD", "TYPES", "ENDPOINT");
            foreach (var w in webhooks)
            {
                table.Add(w.Id, w.Method, string.Join(",", w.Types), w.Endpoint);
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Events()
    {
        var id = new Argument<string>("id") { Description = "The webhook id" };
        var state = new Option<string?>("--state") { Description = "Only pending, delivered or dead events" };
        var command = new Command("events", "The webhook's recent events and how their delivery stands") { id, state };
        var connection = ApiConnection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var events = await client.GetWebhookEventsAsync(parseResult.GetRequiredValue(id), parseResult.GetValue(state), ct);
            if (connection.Json(parseResult))
            {
                await ApiConnection.WriteJsonAsync(output, events, CliJsonContext.Output.IReadOnlyListWebhookEvent);
                return ExitCodes.Success;
            }
            var table = new TextTable("EVENT ID", "TYPE", "STATE", "ATTEMPTS", "LAST", "NEXT ATTEMPT (UTC)");
            foreach (var e in events)
            {
                var d = e.Delivery;
                table.Add(e.EventId, e.Type, d.State, d.Attempts.ToString(CultureInfo.InvariantCulture),
                    d.LastError ?? d.LastStatus?.ToString(CultureInfo.InvariantCulture) ?? "",
                    d.NextAttempt is { } next ? DateTimeOffset.FromUnixTimeSeconds(next).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "");
            }
            table.WriteTo(output);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Replay()
    {
        var id = new Argument<string>("id") { Description = "The webhook id" };
        var eventId = new Option<string?>("--event") { Description = "Replay only this event (any state); default: every dead event" };
        var command = new Command("replay", "Deliver dead events again") { id, eventId };
        var connection = ApiConnection.AddTo(command, json: false);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            var replayed = await client.ReplayWebhookEventsAsync(parseResult.GetRequiredValue(id), parseResult.GetValue(eventId), ct);
            await output.WriteLineAsync($"replaying {replayed} event(s)");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static Command Delete()
    {
        var secret = new Argument<string>("secret") { Description = "The secret printed when the webhook was created" };
        var command = new Command("delete", "Delete a webhook (its pending events stop)") { secret };
        var connection = ApiConnection.AddTo(command, json: false);
        command.SetAction((parseResult, cancellationToken) => connection.RunAsync(parseResult, async (client, output, ct) =>
        {
            await client.DeleteWebhookAsync(parseResult.GetRequiredValue(secret), ct);
            await output.WriteLineAsync("deleted");
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
