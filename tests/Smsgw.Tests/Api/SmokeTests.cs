using System.Net;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Api;

public sealed class SmokeTests
{
    [Fact]
    public async Task Send_then_conversation_shows_the_message_delivered()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var health = await gateway.AnonymousClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var send = await client.SendJsonAsync("/v1/message/send", new { message = "Hello", to = "32470123456", sender = "MyBrand" });
        var sent = await send.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var id = sent.GetProperty("messageid").GetString();

        var conversation = await HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync("/v1/conversation/32470123456")).JsonAsync(),
            c => c.GetProperty("conversation")[0].GetProperty("deliveryStatus").GetString() == "DELIVERED");
        Assert.Equal(id, conversation.GetProperty("conversation")[0].GetProperty("messageId").GetString());
    }
}
