using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    private static readonly Dictionary<string, string?> AllowLoopback = new() { ["Smsgw:Webhooks:AllowPrivateAddresses"] = "true" };

    private static async Task<(string Id, string Secret)> CreateWebhookAsync(HttpClient client, string url, string method = "POST", params string[] types)
    {
        var response = await client.SendJsonAsync("/v1/webhook/create", new
        {
            webhook_endpoint = url,
            webhook_method = method,
            webhook_types = types.Length == 0 ? new[] { "delivery_report", "inbox_message" } : types,
        });
        var body = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var secret = body.GetProperty("secret").GetString()!;
        Assert.True(Guid.TryParse(secret, out _));
        return (body.GetProperty("id").GetString()!, secret);
    }

    /// <summary>Checks the signature the way a customer would, with nothing from the gateway's code.</summary>
    private static void AssertSigned(WebhookReceiver.Received received, string secret, byte[] signedBytes)
    {
        var timestamp = received.Headers["X-Smsgw-Timestamp"];
        Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. signedBytes]));
        Assert.Equal(expected, received.Headers["X-Smsgw-Signature"]);
    }

    [Fact]
    public async Task Delivery_reports_arrive_submitted_then_final_with_the_reference_payload_signed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        using var client = gateway.Client();
        var (webhookId, secret) = await CreateWebhookAsync(client, receiver.Url + "/hook?key=1");
        var id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "Olá 👋", to = "32470120000", sender = "MyBrand", reference = "order-17" })).JsonAsync())
            .GetProperty("messageid").GetString();

        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c >= 2);
        var requests = receiver.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var bodies = requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        foreach (var (request, body) in requests.Zip(bodies))
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("/hook?key=1", request.PathAndQuery);
            Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
            AssertSigned(request, secret, request.Body);
            Assert.Equal(body.GetProperty("event_id").GetString(), request.Headers["X-Smsgw-Event-Id"]);
            Assert.Equal(["webhook_id", "webhook_type", "username", "event_id", "timestamp", "message"], body.EnumerateObject().Select(p => p.Name));
            Assert.Equal(webhookId, body.GetProperty("webhook_id").GetString());
            Assert.Equal("delivery_report", body.GetProperty("webhook_type").GetString());
            Assert.Equal("demo", body.GetProperty("username").GetString());
            var message = body.GetProperty("message");
            Assert.Equal(["messageid", "datetime", "content", "sender", "receiver", "reference", "delivery_code", "delivery_status", "delivery_code_detail", "delivery_code_detail_description"],
                message.EnumerateObject().Select(p => p.Name));
            Assert.All(message.EnumerateObject(), p => Assert.Equal(JsonValueKind.String, p.Value.ValueKind));
            Assert.Equal(id, message.GetProperty("messageid").GetString());
            Assert.Equal("Olá 👋", message.GetProperty("content").GetString());
            Assert.Equal("MyBrand", message.GetProperty("sender").GetString());
            Assert.Equal("32470120000", message.GetProperty("receiver").GetString());
            Assert.Equal("order-17", message.GetProperty("reference").GetString());
            Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$", message.GetProperty("datetime").GetString()!);
        }
        Assert.Equal(("0", "submitted"), (bodies[0].GetProperty("message").GetProperty("delivery_code").GetString(), bodies[0].GetProperty("message").GetProperty("delivery_status").GetString()));
        Assert.Equal(("2", "not delivered"), (bodies[1].GetProperty("message").GetProperty("delivery_code").GetString(), bodies[1].GetProperty("message").GetProperty("delivery_status").GetString()));
        Assert.NotEqual(bodies[0].GetProperty("event_id").GetString(), bodies[1].GetProperty("event_id").GetString());

        // The receiver has answered; the gateway records the delivery just after: wait for that record, not only the request.
        var events = await HttpJson.EventuallyAsync(async () => await (await client.GetAsync($"/v1/webhook/{webhookId}")).JsonAsync(),
            e => e.EnumerateArray().All(x => x.GetProperty("delivery").GetProperty("state").GetString() == "delivered"));
        Assert.Equal(2, events.GetArrayLength());
        Assert.All(events.EnumerateArray(), e => Assert.Equal("delivered", e.GetProperty("delivery").GetProperty("state").GetString()));
        Assert.Equal(bodies[1].GetProperty("event_id").GetString(), events[0].GetProperty("event").GetProperty("event_id").GetString());
    }

    [Fact]
    public async Task The_commit_that_writes_an_event_wakes_the_sender_so_it_does_not_wait_for_its_poll()
    {
        // The sender polls every 10 minutes here: the reports and the inbox message can only come that early if the
        // commits that wrote their events woke it (a status taken at dispatch, one from the receipt, an inbound message).
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(AllowLoopback) { ["Smsgw:Webhooks:PollInterval"] = "00:10:00" });
        using var client = gateway.Client();
        await CreateWebhookAsync(client, receiver.Url + "/hook");
        var sent = await client.SendJsonAsync("/v1/message/send", new { message = "wake up", to = "32470125555", sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c >= 2, TimeSpan.FromSeconds(20));
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", message = "hello" });
        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c >= 3, TimeSpan.FromSeconds(20));

        var types = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("webhook_type").GetString()).ToList();
        Assert.Equal(["delivery_report", "delivery_report", "inbox_message"], types);
    }

    [Fact]
    public async Task Inbound_messages_arrive_as_inbox_message_with_file_urls_and_the_get_form_signs_its_query()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        using var client = gateway.Client();
        var (_, postSecret) = await CreateWebhookAsync(client, receiver.Url + "/post", "POST", "inbox_message");
        var (_, getSecret) = await CreateWebhookAsync(client, receiver.Url + "/get", "GET", "inbox_message");
        await client.SendJsonAsync("/v1/simulator/inbound", new
        {
            from = "0470 12 34 56",
            to = "MyBrand",
            message = "photo & text",
            files = new[] { new { name = "cat.jpg", mime = "image/jpeg", contentBase64 = Convert.ToBase64String([1, 2, 3]) } },
        });
        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c >= 2);

        var post = receiver.Requests.Single(r => r.PathAndQuery.StartsWith("/post", StringComparison.Ordinal));
        AssertSigned(post, postSecret, post.Body);
        var body = JsonDocument.Parse(post.Body).RootElement;
        Assert.Equal("inbox_message", body.GetProperty("webhook_type").GetString());
        var message = body.GetProperty("message");
        Assert.Equal(["ID", "datetime", "content", "sender", "receiver", "type", "files"], message.EnumerateObject().Select(p => p.Name));
        Assert.Equal("1", message.GetProperty("ID").GetString());
        Assert.Equal("32470123456", message.GetProperty("sender").GetString());
        Assert.Equal("MyBrand", message.GetProperty("receiver").GetString());
        Assert.Equal("sms", message.GetProperty("type").GetString());
        var url = message.GetProperty("files")[0].GetProperty("url").GetString()!;
        using var anonymous = gateway.AnonymousClient();
        Assert.Equal(new byte[] { 1, 2, 3 }, await (await anonymous.GetAsync(url)).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));

        var get = receiver.Requests.Single(r => r.PathAndQuery.StartsWith("/get", StringComparison.Ordinal));
        Assert.Equal("GET", get.Method);
        Assert.Empty(get.Body);
        AssertSigned(get, getSecret, Encoding.UTF8.GetBytes(get.Query));
        var query = get.Query.Split('&').Select(p => p.Split('=')).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        Assert.Equal("photo & text", query["content"]);
        Assert.Equal("inbox_message", query["webhook_type"]);
        Assert.Equal(url, query["file1_url"]);
        Assert.Equal(query["event_id"], get.Headers["X-Smsgw-Event-Id"]);
    }

    [Fact]
    public async Task Failures_and_timeouts_are_retried_on_the_schedule_until_delivered()
    {
        var clock = FakeClock.AtNow();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (n, _) => n switch
        {
            1 => (500, TimeSpan.Zero, null),
            2 => (200, TimeSpan.FromSeconds(3), null), // slower than the gateway's timeout
            3 => (429, TimeSpan.Zero, "120"),
            _ => (204, TimeSpan.Zero, null),
        };
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(AllowLoopback) { ["Smsgw:Webhooks:Timeout"] = "00:00:01" }, clock);
        using var client = gateway.Client();
        var (webhookId, _) = await CreateWebhookAsync(client, receiver.Url, "POST", "inbox_message");
        var start = clock.GetUtcNow();
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", message = "retry me" });

        async Task<JsonElement> Delivery() => (await (await client.GetAsync($"/v1/webhook/{webhookId}")).JsonAsync())[0].GetProperty("delivery");
        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c == 1);
        var afterFirst = await HttpJson.EventuallyAsync(Delivery, d => d.GetProperty("attempts").GetInt32() == 1);
        Assert.Equal(500, afterFirst.GetProperty("last_status").GetInt32());
        // The first retry comes within 10 s (8–10 s with jitter), not before.
        var next = DateTimeOffset.FromUnixTimeSeconds(afterFirst.GetProperty("next_attempt").GetInt64());
        Assert.InRange((next - start).TotalSeconds, 7, 11);
        clock.Advance(TimeSpan.FromSeconds(7));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Single(receiver.Requests);

        // Each step moves the fake clock just past the next retry, then waits in real time for the attempt: the
        // second one takes a real second to time out, and the clock must not run on meanwhile.
        clock.Advance(TimeSpan.FromSeconds(4));
        var afterTimeout = await HttpJson.EventuallyAsync(Delivery, d => d.GetProperty("attempts").GetInt32() == 2);
        Assert.Contains("no answer", afterTimeout.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        // The next retry is due 24–30 s after the second attempt. Up to just before it in one move, then in small
        // steps: a sender that re-plans its sleep just as the clock jumps would otherwise sleep past a single move.
        clock.Advance(TimeSpan.FromSeconds(23));
        var throttled = await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(500), Delivery, d => d.GetProperty("attempts").GetInt32() == 3, TimeSpan.FromSeconds(10));
        Assert.Equal(429, throttled.GetProperty("last_status").GetInt32());
        // Retry-After: 120 beats the schedule's 1 minute (less the little the clock stepped on after the attempt).
        Assert.True(throttled.GetProperty("next_attempt").GetInt64() - clock.GetUtcNow().ToUnixTimeSeconds() >= 110);

        clock.Advance(TimeSpan.FromSeconds(100));
        var delivered = await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), Delivery, d => d.GetProperty("state").GetString() == "delivered", TimeSpan.FromSeconds(30));
        Assert.Equal(4, delivered.GetProperty("attempts").GetInt32());
        var ids = receiver.Requests.Select(r => r.Headers["X-Smsgw-Event-Id"]).Distinct().ToList();
        Assert.Single(ids); // one event, the same id on every attempt
        Assert.Single(receiver.Requests.Select(r => r.BodyText).Distinct()); // and the same bytes
    }

    [Fact]
    public async Task An_event_whose_schedule_runs_out_is_dead_and_can_be_replayed()
    {
        var clock = FakeClock.AtNow();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => (503, TimeSpan.Zero, null);
        var settings = new Dictionary<string, string?>(AllowLoopback)
        {
            ["Smsgw:Webhooks:RetrySchedule:0"] = "00:00:05",
            ["Smsgw:Webhooks:RetrySchedule:1"] = "00:00:10",
        };
        await using var gateway = await TestGateway.StartAsync(settings, clock);
        using var client = gateway.Client();
        var (webhookId, _) = await CreateWebhookAsync(client, receiver.Url, "POST", "inbox_message");
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", message = "dead letter" });

        async Task<JsonElement> Delivery() => (await (await client.GetAsync($"/v1/webhook/{webhookId}")).JsonAsync())[0].GetProperty("delivery");
        var dead = await clock.AdvanceUntilAsync(TimeSpan.FromSeconds(1), Delivery, d => d.GetProperty("state").GetString() == "dead");
        Assert.Equal(3, dead.GetProperty("attempts").GetInt32());
        Assert.Equal(3, receiver.Requests.Count);
        clock.Advance(TimeSpan.FromDays(2));
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Equal(1, (await (await client.GetAsync($"/v1/webhook/{webhookId}?state=dead")).JsonAsync()).GetArrayLength());

        receiver.Respond = (_, _) => (200, TimeSpan.Zero, null);
        var replay = await (await client.PostAsync($"/v1/webhook/{webhookId}/replay", null, TestContext.Current.CancellationToken)).JsonAsync();
        Assert.Equal(1, replay.GetProperty("replayed").GetInt32());
        // The clock stands still, so no poll comes: the replay's commit wakes the sender.
        await HttpJson.EventuallyAsync(Delivery, d => d.GetProperty("state").GetString() == "delivered");
        Assert.Equal(4, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Headers["X-Smsgw-Event-Id"]).Distinct());
    }

    [Fact]
    public async Task A_failing_endpoint_holds_up_neither_another_endpoint_nor_its_other_messages_and_a_messages_reports_stay_in_order()
    {
        await using var good = await WebhookReceiver.StartAsync();
        await using var bad = await WebhookReceiver.StartAsync();
        // The bad endpoint refuses the first two attempts at m1's reports.
        var m1Refusals = 0;
        bad.Respond = (_, r) => r.BodyText.Contains("\"content\":\"m1\"", StringComparison.Ordinal) && Interlocked.Increment(ref m1Refusals) <= 2
            ? (500, TimeSpan.Zero, null)
            : (200, TimeSpan.Zero, null);
        var settings = new Dictionary<string, string?>(AllowLoopback) { ["Smsgw:Webhooks:RetrySchedule:0"] = "00:00:00.300" };
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await CreateWebhookAsync(client, good.Url, "POST", "delivery_report");
        await CreateWebhookAsync(client, bad.Url, "POST", "delivery_report");
        for (var i = 1; i <= 3; i++)
        {
            await client.SendJsonAsync("/v1/message/send", new { message = $"m{i}", to = $"3247012345{i}", sender = "MyBrand" });
        }
        static (string Content, string Code) Report(WebhookReceiver.Received r)
        {
            var message = JsonDocument.Parse(r.Body).RootElement.GetProperty("message");
            return (message.GetProperty("content").GetString()!, message.GetProperty("delivery_code").GetString()!);
        }
        await HttpJson.EventuallyAsync(() => Task.FromResult(good.Requests.Count), c => c == 6);
        await HttpJson.EventuallyAsync(() => Task.FromResult(bad.Requests.Select(r => r.Headers["X-Smsgw-Event-Id"]).Distinct().Count()), c => c == 6);
        var badReports = bad.Requests.Select(Report).ToList();
        // m2 and m3 went through while m1 was being retried…
        Assert.Contains(("m2", "1"), badReports.TakeWhile(r => r != ("m1", "1")));
        // …and m1's final report never overtook its submitted report.
        var m1 = badReports.Where(r => r.Content == "m1").Select(r => r.Code).ToList();
        Assert.Equal("0", m1[0]);
        Assert.Equal("1", m1[^1]);
        Assert.True(m1.IndexOf("1") > m1.LastIndexOf("0"));
        foreach (var content in new[] { "m1", "m2", "m3" })
        {
            Assert.Equal(["0", "1"], good.Requests.Select(Report).Where(r => r.Content == content).Select(r => r.Code));
        }
    }

    [Fact]
    public async Task A_slow_endpoint_does_not_delay_another_endpoints_events()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Respond = (_, _) => (200, TimeSpan.FromSeconds(4), null);
        await using var fast = await WebhookReceiver.StartAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        using var client = gateway.Client();
        await CreateWebhookAsync(client, slow.Url, "POST", "inbox_message");
        await CreateWebhookAsync(client, fast.Url, "POST", "inbox_message");
        var started = DateTime.UtcNow;
        for (var i = 0; i < 10; i++)
        {
            await client.SendJsonAsync("/v1/simulator/inbound", new { from = $"3247012345{i}", to = "MyBrand", message = $"m{i}" });
        }
        await HttpJson.EventuallyAsync(() => Task.FromResult(fast.Requests.Count), c => c == 10);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), $"the fast endpoint waited {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_get_endpoints_own_query_is_kept_and_signed_with_the_rest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await TestGateway.StartAsync(AllowLoopback);
        using var client = gateway.Client();
        var (_, secret) = await CreateWebhookAsync(client, receiver.Url + "/get?key=1&b=%20x", "GET", "inbox_message");
        var fragment = await client.SendJsonAsync("/v1/webhook/create", new { webhook_endpoint = receiver.Url + "/frag#x", webhook_method = "GET", webhook_types = new[] { "inbox_message" } });
        Assert.Equal("139", (await fragment.JsonAsync()).GetProperty("error").GetString());
        await client.SendJsonAsync("/v1/simulator/inbound", new { from = "32470123456", to = "MyBrand", message = "q" });
        await HttpJson.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), c => c == 1);
        var get = receiver.Requests.Single();
        Assert.StartsWith("key=1&b=%20x&webhook_id=", get.Query, StringComparison.Ordinal);
        AssertSigned(get, secret, Encoding.UTF8.GetBytes(get.Query));
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_is_paused_instead_of_hammered()
    {
        await using var dead = await WebhookReceiver.StartAsync();
        dead.Respond = (_, _) => (500, TimeSpan.Zero, null);
        var settings = new Dictionary<string, string?>(AllowLoopback);
        for (var i = 0; i < 14; i++)
        {
            settings[$"Smsgw:Webhooks:RetrySchedule:{i}"] = "00:00:00.050";
        }
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await CreateWebhookAsync(client, dead.Url, "POST", "inbox_message");
        for (var i = 0; i < 20; i++)
        {
            await client.SendJsonAsync("/v1/simulator/inbound", new { from = $"324701234{i:00}", to = "MyBrand", message = $"m{i}" });
        }
        await HttpJson.EventuallyAsync(() => Task.FromResult(dead.Requests.Count), c => c >= 5);
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        // Without the circuit: 20 events retried every 50 ms, hundreds of requests in 2 s. With it: five failures in a
        // row (plus those already under way) pause the endpoint for 5 s.
        Assert.InRange(dead.Requests.Count, 5, 30);
    }
}
