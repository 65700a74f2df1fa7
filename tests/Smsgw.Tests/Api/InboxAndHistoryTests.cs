using System.Globalization;
using System.Net;
using System.Text.Json;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Api;

public sealed class InboxAndHistoryTests
{
    [Fact]
    public async Task Inbox_lists_received_messages_newest_first_in_the_reference_shape()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var first = await (await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "32460000000", message = "Hello sms" })).JsonAsync();
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "0470 99 99 99", to = "MyBrand", message = "Second" });
        await client.SendJsonAsync("/v1/message/send", new { message = "outbound is not inbox", to = "32470123456", sender = "MyBrand" });

        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        Assert.Equal(["total", "shown", "page", "limit", "messages"], inbox.EnumerateObject().Select(p => p.Name));
        // Inbox ids number this account's inbox: another account's first message is 1 too, telling nothing of other traffic.
        Assert.Equal("1", first.GetProperty("ID").GetString());
        using (var other = gateway.Client(await gateway.CreateAccountAsync("other")))
        {
            var theirs = await (await other.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "Other", message = "hi" })).JsonAsync();
            Assert.Equal("1", theirs.GetProperty("ID").GetString());
        }
        Assert.Equal(2, inbox.GetProperty("total").GetInt64());
        var items = inbox.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal("Second", items[0].GetProperty("message").GetString());
        Assert.Equal("32470999999", items[0].GetProperty("sender").GetString());
        Assert.Equal("MyBrand", items[0].GetProperty("receiver").GetString());
        var older = items[1];
        Assert.Equal(first.GetProperty("ID").GetString(), older.GetProperty("ID").GetString());
        Assert.Equal(JsonValueKind.String, older.GetProperty("ID").ValueKind);
        Assert.Equal("sms", older.GetProperty("type").GetString());
        Assert.Equal("32460000000", older.GetProperty("receiver").GetString());
        var date = DateTime.ParseExact(older.GetProperty("date").GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var brusselsNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels")).DateTime;
        Assert.InRange((brusselsNow - date).TotalMinutes, -1, 5);

        var whatsapp = await (await client.GetAsync("/v1/message/inbox?type=whatsapp")).JsonAsync();
        Assert.Equal(0, whatsapp.GetProperty("total").GetInt64());
        var bad = await client.GetAsync("/v1/message/inbox?type=fax");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("139", (await bad.JsonAsync()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task History_lists_sent_messages_with_amount_and_status_as_strings()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var sent = await (await client.SendJsonAsync("/v1/message/send", new { message = new string('x', 200), to = "32470123456", sender = "MyBrand", reference = "order-17" })).JsonAsync();
        var id = sent.GetProperty("messageid").GetString();

        foreach (var path in new[] { "/v1/message/history", "/v1/message/logging" })
        {
            var history = await HttpJson.EventuallyAsync(async () => await (await client.GetAsync(path)).JsonAsync(),
                h => h.GetProperty("messages")[0].GetProperty("status").GetString() == "DELIVERED");
            var item = history.GetProperty("messages")[0];
            Assert.Equal(id, item.GetProperty("ID").GetString());
            Assert.Equal("32470123456", item.GetProperty("to").GetString());
            Assert.Equal("MyBrand", item.GetProperty("sender").GetString());
            Assert.Equal("2", item.GetProperty("amount").GetString());
            Assert.Equal("single", item.GetProperty("type").GetString());
            Assert.Equal("order-17", item.GetProperty("reference").GetString());
            Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", item.GetProperty("date").GetString()!);
        }
    }

    [Fact]
    public async Task Unknown_v1_routes_get_a_json_404_and_unknown_file_tokens_a_plain_404()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var response = await client.GetAsync("/v1/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("154", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/files/abcdefghijklmnopqrstuvwxyz/x.jpg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/message/nosuchmessageidnosuchmessageid")).StatusCode);
        var wrongMethod = await client.GetAsync("/v1/message/send");
        Assert.Equal(HttpStatusCode.NotFound, wrongMethod.StatusCode);
        Assert.Equal("154", (await wrongMethod.JsonAsync()).GetProperty("error").GetString());
        var filtered = await client.GetAsync("/v1/message/logging?from=2026-01-01&to=2026-02-01");
        Assert.Equal("139", (await filtered.JsonAsync()).GetProperty("error").GetString());
    }
}

public sealed class MmsFileTests
{
    private static object File(string name, string mime, int size) =>
        new { name, mime, contentBase64 = Convert.ToBase64String(Enumerable.Repeat((byte)7, size).ToArray()) };

    [Fact]
    public async Task Files_are_limited_by_size_type_and_count_and_names_are_made_safe()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Smsgw:Files:MaxFileBytes"] = "1000",
            ["Smsgw:Files:MaxFilesPerMessage"] = "2",
        });
        using var client = gateway.Client();
        async Task<HttpResponseMessage> Inject(params object[] files) =>
            await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", message = "mms", files });

        foreach (var response in new[]
        {
            await Inject(File("big.jpg", "image/jpeg", 1001)),
            await Inject(File("page.html", "text/html", 10)),
            await Inject(File("a.jpg", "image/jpeg", 1), File("b.jpg", "image/jpeg", 1), File("c.jpg", "image/jpeg", 1)),
            await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", files = new[] { new { name = "x", mime = "image/png", contentBase64 = "***" } } }),
            await client.SendRawAsync("/v1/simulator/inbound", """{"from":"32470123456","to":"MyBrand","message":"x","files":[null]}"""),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("139", (await response.JsonAsync()).GetProperty("error").GetString());
        }
        Assert.Equal(0, (await (await client.GetAsync("/v1/message/inbox")).JsonAsync()).GetProperty("total").GetInt64());
        Assert.Empty(Directory.Exists(Path.Combine(gateway.DataDirectory, "files"))
            ? Directory.EnumerateFiles(Path.Combine(gateway.DataDirectory, "files"), "*", SearchOption.AllDirectories) : []);

        var ok = await Inject(File("../../etc/pass wd.png", "image/png", 1000), File("clip.mp4", "video/mp4", 10));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var item = (await (await client.GetAsync("/v1/message/inbox")).JsonAsync()).GetProperty("messages")[0];
        var files = item.GetProperty("file").EnumerateArray().ToList();
        Assert.Equal("pass_wd.png", files[0].GetProperty("name").GetString());
        var url = files[0].GetProperty("image").GetString()!;
        var token = new Uri(url).Segments[2].TrimEnd('/');
        Assert.Matches("^[a-z2-7]{26}$", token); // 130 random bits
        using var anonymous = gateway.AnonymousClient();
        var download = await anonymous.GetAsync(url);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(1000, (await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public async Task File_links_use_the_configured_public_url()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Api:PublicUrl"] = "https://sms.example.com/" });
        using var client = gateway.Client();
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", files = new[] { File("a.gif", "image/gif", 5) } });
        var conversation = await (await client.GetAsync("/v1/conversation/32470123456")).JsonAsync();
        var image = conversation.GetProperty("conversation")[0].GetProperty("file")[0].GetProperty("image").GetString()!;
        Assert.StartsWith("https://sms.example.com/files/", image, StringComparison.Ordinal);
        Assert.Equal("", conversation.GetProperty("conversation")[0].GetProperty("message").GetString());
    }
}
