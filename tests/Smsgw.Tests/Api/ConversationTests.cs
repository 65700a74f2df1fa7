using System.Globalization;
using System.Net;
using System.Text.Json;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Api;

public sealed class ConversationTests
{
    private const string Phone = "32470123456";

    private static async Task SendManyAsync(HttpClient client, int count, string to = Phone)
    {
        for (var i = 0; i < count; i += 100)
        {
            var batch = Enumerable.Range(i, Math.Min(100, count - i)).Select(n => client.SendJsonAsync("/v1/message/send", new { message = $"message {n}", to, sender = "MyBrand" }));
            foreach (var response in await Task.WhenAll(batch))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task Conversation_items_have_exactly_the_seed_fields_and_both_directions()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var sent = await (await client.SendJsonAsync("/v1/message/send", new { message = "Outbound message", to = Phone, sender = "Sender" })).JsonAsync();
        await Task.Delay(1100, TestContext.Current.CancellationToken); // distinct unixDatetime for a stable order
        var inbound = await client.SendJsonAsync("/v1/simulator/inbound", new
        {
            from = "+32 470 12 34 56",
            to = "Sender",
            message = "Inbound message",
            files = new[] { new { name = "photo.jpg", mime = "image/jpeg", contentBase64 = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) } },
        });
        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);

        var page = await HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync($"/v1/conversation/{Phone}")).JsonAsync(),
            c => c.GetProperty("conversation").EnumerateArray().All(i => i.GetProperty("deliveryStatus").GetString() == "DELIVERED"));
        Assert.Equal(["total", "shown", "page", "limit", "conversation"], page.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Equal(2, page.GetProperty("shown").GetInt32());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(1000, page.GetProperty("limit").GetInt32());

        var items = page.GetProperty("conversation").EnumerateArray().ToList();
        string[] fields = ["messageId", "direction", "sender", "receiver", "message", "file", "datetime", "unixDatetime", "deliveryStatus"];
        Assert.All(items, i => Assert.Equal(fields, i.EnumerateObject().Select(p => p.Name)));

        var newest = items[0];
        Assert.Equal(JsonValueKind.Null, newest.GetProperty("messageId").ValueKind);
        Assert.Equal("inbound", newest.GetProperty("direction").GetString());
        Assert.Equal(Phone, newest.GetProperty("sender").GetString());
        Assert.Equal("Sender", newest.GetProperty("receiver").GetString());
        Assert.Equal("Inbound message", newest.GetProperty("message").GetString());
        var file = Assert.Single(newest.GetProperty("file").EnumerateArray().ToList());
        Assert.Equal("photo.jpg", file.GetProperty("name").GetString());
        Assert.Equal("image/jpeg", file.GetProperty("mime").GetString());
        var url = new Uri(file.GetProperty("image").GetString()!);
        Assert.True(url.IsAbsoluteUri);
        using var anonymous = gateway.AnonymousClient();
        var bytes = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, bytes.StatusCode);
        Assert.Equal("image/jpeg", bytes.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 }, await bytes.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var oldest = items[1];
        Assert.Equal(sent.GetProperty("messageid").GetString(), oldest.GetProperty("messageId").GetString());
        Assert.Equal("outbound", oldest.GetProperty("direction").GetString());
        Assert.Equal("Sender", oldest.GetProperty("sender").GetString());
        Assert.Equal(Phone, oldest.GetProperty("receiver").GetString());
        Assert.Equal(JsonValueKind.Null, oldest.GetProperty("file").ValueKind);
        Assert.True(newest.GetProperty("unixDatetime").GetInt64() >= oldest.GetProperty("unixDatetime").GetInt64());
    }

    [Fact]
    public async Task Datetime_is_utc_with_a_lower_case_month_and_agrees_with_unixDatetime()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        await SendManyAsync(client, 3);
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = Phone, to = "MyBrand", message = "reply" });
        var page = await (await client.GetAsync($"/v1/conversation/{Phone}")).JsonAsync();
        foreach (var item in page.GetProperty("conversation").EnumerateArray())
        {
            var text = item.GetProperty("datetime").GetString()!;
            Assert.Matches("^[0-3][0-9] (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) [0-9]{4}, [0-2][0-9]:[0-5][0-9]:[0-5][0-9]$", text);
            var parsed = DateTime.ParseExact(text, "dd MMM yyyy, HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            Assert.Equal(item.GetProperty("unixDatetime").GetInt64(), new DateTimeOffset(parsed, TimeSpan.Zero).ToUnixTimeSeconds());
            Assert.InRange(item.GetProperty("unixDatetime").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        }
    }

    [Theory]
    [InlineData("32470123456")]
    [InlineData("+32470123456")]
    [InlineData("0032470123456")]
    [InlineData("0470 12 34 56")]
    [InlineData("+32 470 12 34 56")]
    [InlineData("0470-12-34-56")]
    public async Task The_phone_matches_the_conversation_however_it_is_written(string written)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        await client.SendJsonAsync("/v1/message/send", new { message = "one", to = "+32470123456", sender = "MyBrand" });
        await client.SendJsonAsync("/v1/message/send", new { message = "two", to = "0470123456", sender = "MyBrand" });
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "0032 470 123 456", to = "MyBrand", message = "three" });

        var page = await (await client.GetAsync($"/v1/conversation/{Uri.EscapeDataString(written)}")).JsonAsync();
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.All(page.GetProperty("conversation").EnumerateArray(), i =>
            Assert.Equal(Phone, i.GetProperty(i.GetProperty("direction").GetString() == "outbound" ? "receiver" : "sender").GetString()));
    }

    [Fact]
    public async Task A_national_number_uses_the_configured_default_region()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Messages:DefaultRegion"] = "NL" });
        using var client = gateway.Client();
        var sent = await (await client.SendJsonAsync("/v1/message/send", new { message = "hoi", to = "06 12345678", sender = "MyBrand" })).JsonAsync();
        var detail = await (await client.GetAsync($"/v1/message/{sent.GetProperty("messageid").GetString()}")).JsonAsync();
        Assert.Equal("31612345678", detail.GetProperty("to").GetString());
        Assert.Equal(1, (await (await client.GetAsync("/v1/conversation/+31612345678")).JsonAsync()).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_number_without_messages_is_an_empty_conversation_and_garbage_is_code_103()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var empty = await client.GetAsync("/v1/conversation/32470999999");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var body = await empty.JsonAsync();
        Assert.Equal(0, body.GetProperty("total").GetInt64());
        Assert.Equal(0, body.GetProperty("shown").GetInt32());
        Assert.Equal(0, body.GetProperty("conversation").GetArrayLength());

        foreach (var bad in new[] { "abc", "12", "32470abc456" })
        {
            var response = await client.GetAsync($"/v1/conversation/{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("103", (await response.JsonAsync()).GetProperty("error").GetString());
        }
    }

    [Theory]
    [InlineData("limit=0", "135")]
    [InlineData("limit=2001", "135")]
    [InlineData("limit=abc", "135")]
    [InlineData("limit=-5", "135")]
    [InlineData("limit=1.5", "135")]
    [InlineData("page=0", "136")]
    [InlineData("page=-1", "136")]
    [InlineData("page=x", "136")]
    public async Task Bad_paging_parameters_get_135_or_136(string query, string code)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        foreach (var path in new[] { $"/v1/conversation/{Phone}", "/v1/message/inbox", "/v1/message/history" })
        {
            var response = await client.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(code, (await response.JsonAsync()).GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Paging_is_newest_first_with_a_partial_last_page_and_empty_pages_past_the_end()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        for (var n = 0; n < 25; n++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = $"message {n}", to = Phone, sender = "MyBrand" })).StatusCode);
        }
        await SendManyAsync(client, 3, "32470999888"); // another conversation must not leak in

        async Task<JsonElement> Page(int page, int limit) => await (await client.GetAsync($"/v1/conversation/{Phone}?page={page}&limit={limit}")).JsonAsync();
        static List<string> Texts(JsonElement page) => page.GetProperty("conversation").EnumerateArray().Select(i => i.GetProperty("message").GetString()!).ToList();

        var all = await Page(1, 1000);
        Assert.Equal(25, all.GetProperty("total").GetInt64());
        var texts = Texts(all);
        Assert.Equal(25, texts.Count);
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(n => $"message {n}"), texts);

        var first = await Page(1, 10);
        Assert.Equal(10, first.GetProperty("shown").GetInt32());
        Assert.Equal(texts.Take(10), Texts(first));
        var third = await Page(3, 10);
        Assert.Equal(5, third.GetProperty("shown").GetInt32());
        Assert.Equal(texts.Skip(20), Texts(third));
        Assert.Equal(3, third.GetProperty("page").GetInt32());
        Assert.Equal(10, third.GetProperty("limit").GetInt32());
        var past = await Page(4, 10);
        Assert.Equal(0, past.GetProperty("shown").GetInt32());
        Assert.Equal(25, past.GetProperty("total").GetInt64());
        Assert.Equal(0, (await Page(1_000_000, 2000)).GetProperty("shown").GetInt32());

        var single = await Page(25, 1);
        Assert.Equal(texts[24], Assert.Single(Texts(single)));
        var max = await Page(1, 2000);
        Assert.Equal(2000, max.GetProperty("limit").GetInt32());
        Assert.Equal(25, max.GetProperty("shown").GetInt32());
    }

    [Fact]
    public async Task Limit_2000_returns_2000_items_and_the_default_is_1000()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var recipients = Enumerable.Repeat(Phone, 1000).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SendJsonAsync("/v1/message/send", new { message = $"batch {i}", to = recipients, sender = "MyBrand" })).StatusCode);
        }
        var max = await (await client.GetAsync($"/v1/conversation/{Phone}?limit=2000")).JsonAsync();
        Assert.Equal(3000, max.GetProperty("total").GetInt64());
        Assert.Equal(2000, max.GetProperty("shown").GetInt32());
        var defaults = await (await client.GetAsync($"/v1/conversation/{Phone}?page=3")).JsonAsync();
        Assert.Equal(1000, defaults.GetProperty("limit").GetInt32());
        Assert.Equal(1000, defaults.GetProperty("shown").GetInt32());
        Assert.Equal("batch 0", defaults.GetProperty("conversation")[999].GetProperty("message").GetString());
    }
}
