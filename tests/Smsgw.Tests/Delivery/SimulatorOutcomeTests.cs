using System.Net;
using System.Text.Json;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Delivery;

/// <summary>The simulator's outcome table (README), driven by the destination's last four digits.</summary>
public sealed class SimulatorOutcomeTests
{
    private static async Task<string> SendAsync(HttpClient client, string to, string text = "hello")
    {
        var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messageid").GetString()!;
    }

    private static async Task<JsonElement> DetailAsync(HttpClient client, string id) => await (await client.GetAsync($"/v1/message/{id}")).JsonAsync();

    [Theory]
    [InlineData("32470120000", "NOT DELIVERED", "2")]
    [InlineData("32470120001", "REJECTED", "4")]
    [InlineData("32470123456", "DELIVERED", "1")]
    [InlineData("32470120009", "DELIVERED", "1")]
    public async Task Destination_suffix_decides_the_final_status(string to, string status, string code)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var id = await SendAsync(client, to);
        var detail = await HttpJson.EventuallyAsync(() => DetailAsync(client, id), d => d.GetProperty("status").GetString() != "SUBMITTED");
        Assert.Equal(status, detail.GetProperty("status").GetString());
        Assert.Equal(code, detail.GetProperty("delivery_code").GetString());
        Assert.Equal("simulator", detail.GetProperty("carrier").GetString());
        var part = Assert.Single(detail.GetProperty("partDetails").EnumerateArray().ToList());
        Assert.Equal(status, part.GetProperty("status").GetString());
        Assert.Matches("^[0-9a-f]{16}$", part.GetProperty("carrierMessageId").GetString()!);

        var conversation = await (await client.GetAsync($"/v1/conversation/{to}")).JsonAsync();
        var outbound = conversation.GetProperty("conversation").EnumerateArray().Single(i => i.GetProperty("direction").GetString() == "outbound");
        Assert.Equal(status, outbound.GetProperty("deliveryStatus").GetString());
    }

    [Fact]
    public async Task Ending_0002_is_buffered_first_then_delivered()
    {
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Simulator:ReceiptDelay"] = "00:00:10" }, clock);
        using var client = gateway.Client();
        var id = await SendAsync(client, "32470120002");
        await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(200), () => DetailAsync(client, id), d => d.GetProperty("status").GetString() == "BUFFERED");
        Assert.Equal("3", (await DetailAsync(client, id)).GetProperty("delivery_code").GetString());
        var delivered = await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(200), () => DetailAsync(client, id), d => d.GetProperty("status").GetString() != "BUFFERED");
        Assert.Equal("DELIVERED", delivered.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ending_0003_never_gets_a_receipt_and_stays_submitted()
    {
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Simulator:ReceiptDelay"] = "00:00:01" }, clock);
        using var client = gateway.Client();
        var silent = await SendAsync(client, "32470120003");
        var control = await SendAsync(client, "32470123456");
        // The control message sent with it gets its receipt; the silent one, given far more time, does not.
        await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(500), () => DetailAsync(client, control), d => d.GetProperty("status").GetString() == "DELIVERED");
        clock.Advance(TimeSpan.FromHours(6));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        var detail = await DetailAsync(client, silent);
        Assert.Equal("SUBMITTED", detail.GetProperty("status").GetString());
        Assert.Equal("SUBMITTED", detail.GetProperty("partDetails")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ending_0009_makes_the_handset_reply_into_the_conversation_and_inbox()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Simulator:ReplyText"] = "Yes please" });
        using var client = gateway.Client();
        await SendAsync(client, "+32 470 12 00 09", "Do you want a table tonight?");
        var conversation = await HttpJson.EventuallyAsync(async () => await (await client.GetAsync("/v1/conversation/32470120009")).JsonAsync(),
            c => c.GetProperty("total").GetInt64() == 2);
        var reply = conversation.GetProperty("conversation").EnumerateArray().Single(i => i.GetProperty("direction").GetString() == "inbound");
        Assert.Equal("Yes please", reply.GetProperty("message").GetString());
        Assert.Equal("32470120009", reply.GetProperty("sender").GetString());
        Assert.Equal("MyBrand", reply.GetProperty("receiver").GetString());
        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        Assert.Equal(1, inbox.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_long_message_has_a_receipt_per_part_and_is_delivered_when_all_parts_are()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var id = await SendAsync(client, "32470123456", new string('z', 400));
        var detail = await HttpJson.EventuallyAsync(() => DetailAsync(client, id), d => d.GetProperty("status").GetString() == "DELIVERED");
        var parts = detail.GetProperty("partDetails").EnumerateArray().ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal([1, 2, 3], parts.Select(p => p.GetProperty("part").GetInt32()));
        Assert.All(parts, p => Assert.Equal("DELIVERED", p.GetProperty("status").GetString()));
        Assert.Equal(3, parts.Select(p => p.GetProperty("carrierMessageId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Each_accepted_message_reaches_the_simulator_exactly_once()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.SendJsonAsync("/v1/message/send", new { message = $"m{i}", to = new[] { "32470123456", "32470654321" }, sender = "MyBrand" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var simulator = gateway.Service<ISimulatorStore>();
        await HttpJson.EventuallyAsync(() => simulator.CountAcceptedAsync(TestContext.Current.CancellationToken), c => c == 400);
        var history = await HttpJson.EventuallyAsync(async () => await (await client.GetAsync("/v1/message/history?limit=2000")).JsonAsync(),
            h => h.GetProperty("messages").EnumerateArray().All(m => m.GetProperty("status").GetString() == "DELIVERED"));
        Assert.Equal(400, history.GetProperty("total").GetInt64());
        Assert.Equal(400, await simulator.CountAcceptedAsync(TestContext.Current.CancellationToken));
    }
}
