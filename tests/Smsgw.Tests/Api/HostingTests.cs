using System.Net;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Api;

public sealed class HostingTests
{
    [Fact]
    public async Task Health_openapi_and_the_reference_ui_answer_without_credentials()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var openApi = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var document = await openApi.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        foreach (var path in new[] { "/v1/message/send", "/v1/conversation/{phone}", "/v1/message/inbox", "/v1/message/history", "/v1/message/{messageid}" })
        {
            Assert.Contains($"\"{path}\"", document, StringComparison.Ordinal);
        }
        using (var json = System.Text.Json.JsonDocument.Parse(document))
        {
            var send = json.RootElement.GetProperty("paths").GetProperty("/v1/message/send").GetProperty("post");
            Assert.True(send.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1")).StatusCode);
    }

    [Fact]
    public async Task Cors_preflight_allows_any_origin_with_the_smstools_headers()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.AnonymousClient();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/message/send");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-client-id,x-client-secret,content-type");
        var response = await client.SendAsync(preflight, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-client-secret", allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_carrier_the_server_refuses_to_start_with_a_clear_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Simulator:Enabled"] = "false" }));
        Assert.Contains("Smsgw:Carriers:Default", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_setting_stops_the_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestGateway.StartAsync(new Dictionary<string, string?> { ["Smsgw:Messages:DefaultRegion"] = "XX" }));
        Assert.Contains("DefaultRegion", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_accepted_messages_and_matched_and_unmatched_receipts_in_prometheus_text()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var client = gateway.Client();
        var id = (await (await client.SendJsonAsync("/v1/message/send", new { message = "counted", to = new[] { "32470123456", "32470654321" }, sender = "MyBrand" })).JsonAsync())
            .GetProperty("messageids")[0].GetString();
        await HttpJson.EventuallyAsync(async () => (await (await client.GetAsync($"/v1/message/{id}")).JsonAsync()).GetProperty("status").GetString(), s => s == "DELIVERED");
        await gateway.Service<Smsgw.Inbound.DeliveryReceiptProcessor>().ApplyAsync(
            [new Smsgw.Storage.DeliveryReceipt("simulator", "no-such-id", Smsgw.Messages.MessageStatus.Delivered, null, DateTimeOffset.UtcNow)], TestContext.Current.CancellationToken);

        using var anonymous = gateway.AnonymousClient();
        var text = await HttpJson.EventuallyAsync(
            async () => await (await anonymous.GetAsync("/metrics")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            t => t.Contains("match=\"unmatched\"", StringComparison.Ordinal) && t.Contains("match=\"applied\"", StringComparison.Ordinal));
        // OpenTelemetry listens to every meter named Smsgw in the process, so gateways of tests running in parallel add to
        // these counts: at least this test's own.
        Assert.True(PrometheusText.Sum(text, "smsgw_messages_accepted_total") >= 2, text);
        Assert.True(PrometheusText.Sum(text, "smsgw_receipts_total", "match=\"unmatched\"") >= 1, text);
        Assert.Contains("smsgw_dispatch_outcomes_total", text, StringComparison.Ordinal);
    }
}
