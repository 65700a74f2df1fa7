using System.Globalization;
using System.Net;
using System.Text.Json;
using Smsgw.Accounts;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Smpp;

/// <summary>Our SMPP carrier bound to the npm <c>smpp</c> package's SMSC (<see cref="SmscSim"/>), a peer nobody here wrote.</summary>
public sealed class SmscSimInteropTests
{
    private const string Phone = "32470123456";

    private static async Task SendAsync(HttpClient client, string text, string to = Phone)
    {
        var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to, sender = "Interop" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<List<JsonElement>> ConversationWhenAsync(HttpClient client, string peer, Func<List<JsonElement>, bool> condition) =>
        HttpJson.EventuallyAsync(
            async () => (await (await client.GetAsync($"/v1/conversation/{peer}")).JsonAsync()).GetProperty("conversation").EnumerateArray().ToList(),
            condition, TimeSpan.FromSeconds(30));

    private static string Status(JsonElement item) => item.GetProperty("deliveryStatus").GetString()!;

    [Fact]
    public async Task Short_and_long_gsm_and_ucs2_messages_are_submitted_and_their_receipts_matched()
    {
        await using var sim = await SmscSim.StartAsync();
        await using var gateway = await TestGateway.StartAsync(sim.GatewaySettings());
        using var client = gateway.Client();
        var longGsm = string.Concat(Enumerable.Range(0, 40).Select(i => $"part text {i} "));
        var longUcs2 = string.Concat(Enumerable.Range(0, 20).Select(i => $"Юникод {i} 😀 "));

        await SendAsync(client, "Hello npm smpp");
        await SendAsync(client, longGsm);
        await SendAsync(client, longUcs2);
        await SendAsync(client, "Nobody home", to: "32470120000");

        var items = await ConversationWhenAsync(client, Phone, items => items.Count == 3 && items.All(i => Status(i) == "DELIVERED"));
        await ConversationWhenAsync(client, "32470120000", items => items.Count == 1 && Status(items[0]) == "NOT DELIVERED");
        var submitted = await sim.MessagesAsync();
        Assert.Contains(submitted, m => m.GetProperty("text").GetString() == "Hello npm smpp" && m.GetProperty("dc").GetInt32() == 0);
        Assert.Equal(longGsm, string.Concat(PartsInOrder(submitted, dc: 0).Select(m => m.GetProperty("text").GetString())));
        Assert.Equal(longUcs2, string.Concat(PartsInOrder(submitted, dc: 8).Select(m => m.GetProperty("text").GetString())));
        Assert.True(PartsInOrder(submitted, dc: 0).Count() >= 3);
    }

    [Fact]
    public async Task Mo_from_the_npm_smsc_lands_in_the_inbox_of_the_numbers_account()
    {
        await using var sim = await SmscSim.StartAsync();
        await using var gateway = await TestGateway.StartAsync(sim.GatewaySettings());
        using var client = gateway.Client();
        Assert.Equal(NumberAssignment.Assigned, await gateway.Service<NumberAdministration>().AssignAsync("3225551234", gateway.Demo!.Name, TestContext.Current.CancellationToken));

        await sim.MoAsync("32470123456", "3225551234", "Hello from a handset");

        var items = await ConversationWhenAsync(client, Phone, items => items.Count == 1);
        Assert.Equal("Hello from a handset", items[0].GetProperty("message").GetString());
        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        Assert.Equal("Hello from a handset", inbox.GetProperty("messages")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_kick_while_submits_are_in_flight_loses_nothing_and_resends_only_what_was_never_acknowledged()
    {
        const int Messages = 40;
        const int BeforeHold = 10;
        await using var sim = await SmscSim.StartAsync();
        await using var relay = new SmppRelay(sim.Port);
        var settings = sim.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture);
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        for (var i = 0; i < BeforeHold; i++)
        {
            await SendAsync(client, $"kick run {i}");
        }
        await HttpJson.EventuallyAsync(() => Task.FromResult(relay.Acknowledged.Count), n => n == BeforeHold, TimeSpan.FromSeconds(30));
        // The SMSC's answers from here on stay in the relay, as if lost on the wire: the submits that follow are in
        // flight (taken by the SMSC or not, unanswered) when the SMSC kicks the session.
        relay.Hold();
        for (var i = BeforeHold; i < Messages; i++)
        {
            await SendAsync(client, $"kick run {i}");
        }
        await HttpJson.EventuallyAsync(() => Task.FromResult(relay.HeldSubmitResponses), n => n >= 5, TimeSpan.FromSeconds(30));
        var acknowledgedBeforeKick = relay.Acknowledged;
        await sim.KickAsync();

        await ConversationWhenAsync(client, Phone, items => items.Count == Messages && items.All(i => Status(i) == "DELIVERED"));
        var recorded = (await sim.MessagesAsync()).Select(m => m.GetProperty("text").GetString()!).ToList();
        var acknowledged = relay.Acknowledged;
        var inFlight = relay.InFlightAtDrop;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{recorded.Count} submits recorded for {Messages} messages; {acknowledgedBeforeKick.Count} acknowledged before the kick; {relay.HeldSubmitResponses} answers held; {inFlight} in flight at the drop");
        Assert.True((await sim.StatsAsync()).GetProperty("binds").GetInt32() >= 2);
        Assert.True(inFlight >= 5, $"only {inFlight} submits in flight when the session dropped");
        // Nothing lost: every message reached the SMSC and the gateway got an OK for each exactly once, so none it
        // had an answer for went out again, before the kick or after.
        Assert.All(Enumerable.Range(0, Messages), i => Assert.Contains($"kick run {i}", recorded));
        Assert.Equal(Enumerable.Range(0, Messages).Select(i => $"kick run {i}").Order(), acknowledged.Order());
        Assert.All(acknowledgedBeforeKick, text => Assert.Equal(1, recorded.Count(r => r == text)));
        // Resent only what was in flight: the SMSC saw at most one extra submit per submit left unanswered.
        Assert.True(recorded.Count <= Messages + inFlight, $"{recorded.Count} submits recorded for {Messages} messages with {inFlight} in flight at the kick");
    }

    /// <summary>The concatenated parts of one data coding, ordered by the UDH's sequence octet.</summary>
    private static IEnumerable<JsonElement> PartsInOrder(List<JsonElement> messages, int dc) =>
        messages.Where(m => m.GetProperty("dc").GetInt32() == dc && m.GetProperty("udh").ValueKind == JsonValueKind.String)
            .OrderBy(m => Convert.FromHexString(m.GetProperty("udh").GetString()!)[^1]);
}
