using System.Globalization;
using System.Net;
using System.Text.Json;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Api;

public sealed class SendTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _gateway = await TestGateway.StartAsync();
        _client = _gateway.Client();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    private async Task<long> HistoryTotalAsync() =>
        (await (await _client.GetAsync("/v1/message/history")).JsonAsync()).GetProperty("total").GetInt64();

    private async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.JsonAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("errorMsg").GetString()));
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"to":"32470123456","sender":"MyBrand"}""", "102" },
        { """{"message":"","to":"32470123456","sender":"MyBrand"}""", "102" },
        { """{"message":"hi","sender":"MyBrand"}""", "106" },
        { """{"message":"hi","to":"","sender":"MyBrand"}""", "106" },
        { """{"message":"hi","to":[],"sender":"MyBrand"}""", "106" },
        { """{"message":"hi","to":"not-a-number","sender":"MyBrand"}""", "106" },
        { """{"message":"hi","to":["32470123456","12"],"sender":"MyBrand"}""", "106" },
        { """{"message":"hi","to":"32470123456"}""", "109" },
        { """{"message":"hi","to":"32470123456","sender":""}""", "109" },
        { """{"message":"hi","to":"32470123456","sender":"TwelveLetter"}""", "111" },
        { """{"message":"hi","to":"32470123456","sender":"My-Brand!"}""", "111" },
        { """{"message":"hi","to":"32470123456","sender":"123456789012345"}""", "111" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"2020-01-01 10:00"}""", "121" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"tomorrow"}""", "121" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"2030-13-01 10:00"}""", "121" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","type":"group"}""", "125" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","message2":1,"test":"maybe"}""", "139" },
        { """{"message":{"text":"hi"},"to":"32470123456","sender":"MyBrand"}""", "139" },
        { """{"message":"hi","to":"32470123456","sender":"   "}""", "109" },
        { "{\"message\":\"hi\",\"to\":\"32470123456\",\"sender\":\"MyBrand\",\"subid\":\"" + new string('s', 65) + "\"}", "139" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"9999-12-31 00:00"}""", "121" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"0001-01-01 00:00"}""", "121" },
        { """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"2099-01-01 00:00"}""", "121" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_send_gets_its_smstools_code_and_stores_nothing(string body, string code)
    {
        var response = await _client.SendRawAsync("/v1/message/send", body);
        await AssertErrorAsync(response, code == "125" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, code);
        Assert.Equal(0, await HistoryTotalAsync());
    }

    [Theory]
    [InlineData("""{"message":"\ud83d","to":"32470123456","sender":"MyBrand"}""")]
    [InlineData("""{"message":"hi","to":["\ud83d"],"sender":"MyBrand"}""")]
    public async Task Strings_that_are_not_valid_unicode_are_a_json_parse_error_not_a_500(string body)
    {
        var response = await _client.SendRawAsync("/v1/message/send", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error parsing json", (await response.JsonAsync()).GetProperty("error").GetString());
        var invalidUtf8 = new ByteArrayContent([.. "{\"message\":\""u8, 0xFF, .. "\",\"to\":\"32470123456\",\"sender\":\"MyBrand\"}"u8]);
        var bytes = await _client.PostAsync("/v1/message/send", invalidUtf8, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, bytes.StatusCode);
        Assert.Equal(0, await HistoryTotalAsync());
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_json_is_accepted()
    {
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. """{"message":"hi","to":"32470123456","sender":"MyBrand"}"""u8]);
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/v1/message/send", content, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Reference_longer_than_255_characters_is_refused()
    {
        var response = await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = "32470123456", sender = "MyBrand", reference = new string('r', 256) });
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "139");
        var ok = await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = "32470123456", sender = "MyBrand", reference = new string('r', 255) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Empty_body_and_empty_object_are_code_114_and_bad_json_is_the_documented_parse_error()
    {
        await AssertErrorAsync(await _client.SendRawAsync("/v1/message/send", ""), HttpStatusCode.BadRequest, "114");
        await AssertErrorAsync(await _client.SendRawAsync("/v1/message/send", "{}"), HttpStatusCode.BadRequest, "114");
        var broken = await _client.SendRawAsync("/v1/message/send", """{"message": "hi", """);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("""{"error":"error parsing json"}""", await broken.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await HistoryTotalAsync());
    }

    [Fact]
    public async Task Length_limit_is_612_gsm_septets_with_extension_characters_counting_double()
    {
        var ok = await _client.SendJsonAsync("/v1/message/send", new { message = new string('a', 612), to = "32470123456", sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await AssertErrorAsync(await _client.SendJsonAsync("/v1/message/send", new { message = new string('a', 613), to = "32470123456", sender = "MyBrand" }),
            HttpStatusCode.BadRequest, "118");
        // 306 euro signs are 612 septets; 307 are 614.
        Assert.Equal(HttpStatusCode.OK, (await _client.SendJsonAsync("/v1/message/send", new { message = new string('€', 306), to = "32470123456", sender = "MyBrand" })).StatusCode);
        await AssertErrorAsync(await _client.SendJsonAsync("/v1/message/send", new { message = new string('€', 307), to = "32470123456", sender = "MyBrand" }),
            HttpStatusCode.BadRequest, "118");
        Assert.Equal(2, await HistoryTotalAsync());
    }

    [Theory]
    [InlineData("Hello world", "GSM-7", 1)]
    [InlineData("Curly {braces} and € count double", "GSM-7", 1)]
    [InlineData("Ça va? 👍", "UCS-2", 1)]
    public async Task Text_is_classified_and_its_parts_counted(string text, string encoding, int parts)
    {
        var id = await SendOneAsync(text);
        var detail = await (await _client.GetAsync($"/v1/message/{id}")).JsonAsync();
        Assert.Equal(encoding, detail.GetProperty("encoding").GetString());
        Assert.Equal(parts, detail.GetProperty("parts").GetInt32());
        Assert.Equal(text, detail.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(160, 'a', 1)]
    [InlineData(161, 'a', 2)]
    [InlineData(306, 'a', 2)]
    [InlineData(307, 'a', 3)]
    [InlineData(70, 'é', 1)] // é is GSM; mix in a Cyrillic letter below to force UCS-2
    public async Task Long_messages_count_153_septets_per_part(int length, char fill, int parts)
    {
        var id = await SendOneAsync(new string(fill, length));
        var detail = await (await _client.GetAsync($"/v1/message/{id}")).JsonAsync();
        Assert.Equal(parts, detail.GetProperty("parts").GetInt32());
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public async Task Unicode_messages_count_70_then_67_units_per_part(int length, int parts)
    {
        var id = await SendOneAsync(new string('Ж', length));
        var detail = await (await _client.GetAsync($"/v1/message/{id}")).JsonAsync();
        Assert.Equal("UCS-2", detail.GetProperty("encoding").GetString());
        Assert.Equal(parts, detail.GetProperty("parts").GetInt32());
    }

    [Fact]
    public async Task A_string_to_answers_messageid_and_an_array_to_answers_messageids_in_order()
    {
        var one = await (await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = "+32470123456", sender = "MyBrand" })).JsonAsync();
        Assert.Equal(JsonValueKind.String, one.GetProperty("messageid").ValueKind);
        Assert.Matches("^[a-z0-9]{30}$", one.GetProperty("messageid").GetString()!);
        Assert.Single(one.EnumerateObject());

        var many = await (await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = new[] { "32470000101", "32470000102", "32470000103" }, sender = "MyBrand" })).JsonAsync();
        var ids = many.GetProperty("messageids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(3, ids.Distinct().Count());
        for (var i = 0; i < 3; i++)
        {
            var detail = await (await _client.GetAsync($"/v1/message/{ids[i]}")).JsonAsync();
            Assert.Equal($"3247000010{i + 1}", detail.GetProperty("to").GetString());
        }

        var single = await (await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = new[] { "32470000104" }, sender = "MyBrand" })).JsonAsync();
        Assert.Single(single.GetProperty("messageids").EnumerateArray());
    }

    [Fact]
    public async Task A_body_without_a_json_content_type_is_read_as_json_as_curl_d_sends_it()
    {
        foreach (var contentType in new[] { "application/x-www-form-urlencoded", "text/plain" })
        {
            var content = new StringContent("""{"message":"hi","to":"32470123456","sender":"MyBrand"}""");
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            var response = await _client.PostAsync("/v1/message/send", content, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var bare = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("""{"message":"hi","to":"32470123456","sender":"MyBrand"}"""));
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/v1/message/send", bare, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(3, await HistoryTotalAsync());
    }

    [Fact]
    public async Task Test_mode_validates_and_answers_ids_but_stores_nothing()
    {
        var response = await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = new[] { "32470123456", "32470123457" }, sender = "MyBrand", test = true });
        var body = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body.GetProperty("messageids").GetArrayLength());
        await AssertErrorAsync(await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = "32470123456", sender = "", test = true }), HttpStatusCode.BadRequest, "109");
        Assert.Equal(0, await HistoryTotalAsync());
        var id = body.GetProperty("messageids")[0].GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/v1/message/{id}")).StatusCode);
    }

    [Fact]
    public async Task Empty_strings_and_false_for_unset_options_are_treated_as_absent()
    {
        var response = await _client.SendRawAsync("/v1/message/send",
            """{"message":"hi","to":"32470123456","sender":"MyBrand","date":"","reference":"","test":false,"subid":""}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await HistoryTotalAsync());
    }

    [Fact]
    public async Task A_numeric_sender_is_stored_as_digits_and_the_receiver_in_international_form()
    {
        var id = await SendOneAsync("hi", to: "0470 12 34 56", sender: "+32460000000");
        var detail = await (await _client.GetAsync($"/v1/message/{id}")).JsonAsync();
        Assert.Equal("32470123456", detail.GetProperty("to").GetString());
        Assert.Equal("32460000000", detail.GetProperty("sender").GetString());
    }

    [Fact]
    public async Task Same_idempotency_key_replays_the_first_answer_and_sends_once()
    {
        const string body = """{"message":"pay 10 EUR","to":"32470123456","sender":"MyBrand"}""";
        var first = await SendWithKeyAsync(body, "order-17");
        var second = await SendWithKeyAsync(body, "order-17");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await HistoryTotalAsync());

        var conflict = await SendWithKeyAsync("""{"message":"pay 99 EUR","to":"32470123456","sender":"MyBrand"}""", "order-17");
        await AssertErrorAsync(conflict, HttpStatusCode.UnprocessableEntity, "151");
        Assert.Equal(1, await HistoryTotalAsync());

        var respaced = await SendWithKeyAsync("""{ "sender": "MyBrand", "to": "32470123456", "message": "pay 10 EUR" }""", "order-17");
        Assert.Equal(HttpStatusCode.OK, respaced.StatusCode);
        Assert.Equal(1, await HistoryTotalAsync());

        var other = await SendWithKeyAsync(body, "order-18");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(2, await HistoryTotalAsync());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_store_one_message()
    {
        const string body = """{"message":"once","to":["32470123456","32470123457"],"sender":"MyBrand"}""";
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendWithKeyAsync(body, "burst-key")));
        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(texts.Distinct());
        Assert.Equal(2, await HistoryTotalAsync());
    }

    private async Task<HttpResponseMessage> SendWithKeyAsync(string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/message/send")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.SendAsync(request);
    }

    private async Task<string> SendOneAsync(string text, string to = "32470123456", string sender = "MyBrand")
    {
        var response = await _client.SendJsonAsync("/v1/message/send", new { message = text, to, sender });
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.GetProperty("messageid").GetString()!;
    }

    [Fact]
    public async Task A_date_in_the_current_minute_is_now_not_the_past()
    {
        var brussels = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels"));
        var date = brussels.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var response = await _client.SendJsonAsync("/v1/message/send", new { message = "hi", to = "32470123456", sender = "MyBrand", date });
        // Within a second of a minute boundary the clock may roll over: accept either answer then, but never a 5xx.
        Assert.True(response.StatusCode is HttpStatusCode.OK || (response.StatusCode == HttpStatusCode.BadRequest && DateTimeOffset.UtcNow.Second < 2));
    }
}

public sealed class SendLimitTests
{
    [Fact]
    public async Task A_body_over_the_limit_gets_413_code_152_and_stores_nothing()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Api:MaxBodyBytes"] = "1024" });
        using var client = gateway.Client();
        var response = await client.SendJsonAsync("/v1/message/send", new { message = new string('a', 2000), to = "32470123456", sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("152", (await response.JsonAsync()).GetProperty("error").GetString());
        Assert.Equal(0, (await (await client.GetAsync("/v1/message/history")).JsonAsync()).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Requests_beyond_the_rate_limit_get_429_code_150_with_retry_after()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Smsgw:Api:RateLimitPerSecond"] = "1",
            ["Smsgw:Api:RateLimitBurst"] = "3",
        });
        using var client = gateway.Client();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync("/v1/message/history");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.Equal("150", (await limited.JsonAsync()).GetProperty("error").GetString());
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) >= 3);

        // The limit is per account: another account is not slowed by this one.
        var other = await gateway.CreateAccountAsync("other");
        using var otherClient = gateway.Client(other);
        Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync("/v1/message/history")).StatusCode);
    }

    [Fact]
    public async Task More_recipients_than_allowed_is_code_139()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Messages:MaxRecipients"] = "2" });
        using var client = gateway.Client();
        var response = await client.SendJsonAsync("/v1/message/send", new { message = "hi", to = new[] { "32470000001", "32470000002", "32470000003" }, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("139", (await response.JsonAsync()).GetProperty("error").GetString());
    }
}
