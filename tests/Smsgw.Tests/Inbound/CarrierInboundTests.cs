using System.Net;
using System.Net.Http.Headers;
using Smsgw.Accounts;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Inbound;

public sealed class CarrierInboundTests
{
    private const string Token = "acme-token-0123456789";

    private static async Task<(TestGateway Gateway, IssuedCredentials Shop)> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? []) { ["Smsgw:HttpCarriers:acme:Token"] = Token };
        var gateway = await TestGateway.StartAsync(settings);
        var shop = await gateway.CreateAccountAsync("shop");
        Assert.Equal(NumberAssignment.Assigned, await gateway.Service<NumberAdministration>().AssignAsync("+32460000000", "shop", TestContext.Current.CancellationToken));
        return (gateway, shop);
    }

    private static HttpRequestMessage Post(string carrier, HttpContent content, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/carriers/{carrier}/inbound") { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    [Fact]
    public async Task A_provider_delivers_json_into_the_owning_accounts_conversation_once_per_id()
    {
        var (gateway, shop) = await StartAsync();
        await using var _ = gateway;
        using var anonymous = gateway.AnonymousClient();
        const string body = """{"from":"+32 470 12 34 56","to":"0460 00 00 00","message":"Hello via HTTP","id":"acme-77"}""";
        var first = await anonymous.SendAsync(Post("acme", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await anonymous.SendAsync(Post("acme", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), TestContext.Current.CancellationToken);
        Assert.Equal((await first.JsonAsync()).GetProperty("ID").GetString(), (await again.JsonAsync()).GetProperty("ID").GetString());

        using var client = gateway.Client(shop);
        var conversation = await (await client.GetAsync("/v1/conversation/32470123456")).JsonAsync();
        Assert.Equal(1, conversation.GetProperty("total").GetInt64());
        var item = conversation.GetProperty("conversation")[0];
        Assert.Equal("inbound", item.GetProperty("direction").GetString());
        Assert.Equal("32460000000", item.GetProperty("receiver").GetString());
        Assert.Equal("Hello via HTTP", item.GetProperty("message").GetString());
        // The demo account owns no number: it sees nothing.
        using var demo = gateway.Client();
        Assert.Equal(0, (await (await demo.GetAsync("/v1/message/inbox")).JsonAsync()).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_multipart_delivery_with_a_file_becomes_an_mms_in_the_inbox()
    {
        var (gateway, shop) = await StartAsync();
        await using var _ = gateway;
        using var anonymous = gateway.AnonymousClient();
        var form = new MultipartFormDataContent
        {
            { new StringContent("32470123456"), "from" },
            { new StringContent("32460000000"), "to" },
            { new StringContent("see picture"), "message" },
        };
        var image = new ByteArrayContent([9, 8, 7]);
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(image, "file", "pic.png");
        var response = await anonymous.SendAsync(Post("acme", form), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var client = gateway.Client(shop);
        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        var file = inbox.GetProperty("messages")[0].GetProperty("file")[0];
        Assert.Equal("pic.png", file.GetProperty("name").GetString());
        Assert.Equal("image/png", file.GetProperty("mime").GetString());
        Assert.Equal(new byte[] { 9, 8, 7 }, await (await anonymous.GetAsync(file.GetProperty("image").GetString()!)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Wrong_tokens_unknown_carriers_unassigned_numbers_and_bad_bodies_are_refused_and_store_nothing()
    {
        var (gateway, shop) = await StartAsync();
        await using var _ = gateway;
        using var anonymous = gateway.AnonymousClient();
        StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
        const string valid = """{"from":"32470123456","to":"32460000000","message":"x"}""";
        foreach (var (request, status, code) in new[]
        {
            (Post("acme", Json(valid), token: null), HttpStatusCode.Unauthorized, "104"),
            (Post("acme", Json(valid), token: "wrong-token-000000000"), HttpStatusCode.Unauthorized, "104"),
            (Post("other", Json(valid)), HttpStatusCode.Unauthorized, "104"),
            (Post("acme", Json("""{"from":"32470123456","to":"32461111111","message":"x"}""")), HttpStatusCode.NotFound, "132"),
            (Post("acme", Json("""{"from":"nope","to":"32460000000","message":"x"}""")), HttpStatusCode.BadRequest, "103"),
            (Post("acme", Json("""{"from":"32470123456","to":"32460000000","files":[{"name":"a"}]}""")), HttpStatusCode.BadRequest, "139"),
            (Post("acme", Json("not json")), HttpStatusCode.BadRequest, "139"),
        })
        {
            var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(code, (await response.JsonAsync()).GetProperty("error").GetString());
        }
        using var client = gateway.Client(shop);
        Assert.Equal(0, (await (await client.GetAsync("/v1/message/inbox")).JsonAsync()).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task An_inbound_message_from_a_provider_fires_the_inbox_message_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (gateway, shop) = await StartAsync(new Dictionary<string, string?> { ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true" });
        await using var _ = gateway;
        using var client = gateway.Client(shop);
        await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = receiver.Url, webhook_method = "POST", webhook_types = new[] { "inbox_message" } });
        using var anonymous = gateway.AnonymousClient();
        await anonymous.SendAsync(Post("acme", new StringContent("""{"from":"32470123456","to":"32460000000","message":"ping"}""", System.Text.Encoding.UTF8, "application/json")), TestContext.Current.CancellationToken);
        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c == 1);
        Assert.Contains("\"content\":\"ping\"", receiver.Requests.Single().BodyText, StringComparison.Ordinal);
        Assert.Contains("\"username\":\"shop\"", receiver.Requests.Single().BodyText, StringComparison.Ordinal);
    }
}
