using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Smsgw.Client.Tests.Support;

namespace Smsgw.Client.Tests;

/// <summary>The SDK against a real gateway: every call goes over HTTP, so a drift between the SDK's records and the wire fails here.</summary>
public sealed partial class SmsgwClientTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex("^[a-z0-9]{30,31}$")]
    private static partial Regex MessageIdShape();

    [Fact]
    public async Task Send_to_one_number_returns_a_message_id_whose_status_shows_what_was_sent()
    {
        var client = await gateway.NewAccountClientAsync();

        var id = await client.SendAsync("+32 470 12 34 56", "MyBrand", "Hello from the SDK", new SendOptions { Reference = "order-17" }, Ct);

        Assert.Matches(MessageIdShape(), id);
        var message = await client.GetMessageAsync(id, Ct);
        Assert.Equal(id, message.MessageId);
        Assert.Equal("32470123456", message.To);
        Assert.Equal("MyBrand", message.Sender);
        Assert.Equal("Hello from the SDK", message.Message);
        Assert.Equal("order-17", message.Reference);
        Assert.Equal("GSM-7", message.Encoding);
        Assert.Equal(1, message.Parts);
    }

    [Fact]
    public async Task Send_to_several_numbers_returns_one_id_per_recipient_in_order()
    {
        var client = await gateway.NewAccountClientAsync();

        var ids = await client.SendAsync(["32470123456", "32470654321"], "MyBrand", "Hello both", cancellationToken: Ct);

        Assert.Equal(2, ids.Count);
        Assert.All(ids, id => Assert.Matches(MessageIdShape(), id));
        Assert.Equal("32470123456", (await client.GetMessageAsync(ids[0], Ct)).To);
        Assert.Equal("32470654321", (await client.GetMessageAsync(ids[1], Ct)).To);
    }

    [Fact]
    public async Task Conversation_shows_the_sent_message_delivered_once_the_receipt_arrives()
    {
        var client = await gateway.NewAccountClientAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = await client.SendAsync("32470111111", "MyBrand", "Is this delivered?", cancellationToken: Ct);

        var page = await Eventually.HoldsAsync(
            () => client.GetConversationAsync("32470111111", cancellationToken: Ct),
            p => p.Conversation is [{ DeliveryStatus: "DELIVERED" }]);

        Assert.Equal((1, 1, 1, 1000), (page.Total, page.Shown, page.Page, page.Limit));
        var item = page.Conversation[0];
        Assert.Equal(id, item.MessageId);
        Assert.Equal("outbound", item.Direction);
        Assert.Equal("MyBrand", item.Sender);
        Assert.Equal("32470111111", item.Receiver);
        Assert.Equal("Is this delivered?", item.Message);
        Assert.Null(item.File);
        Assert.InRange(item.UnixDateTime, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var expected = DateTimeOffset.FromUnixTimeSeconds(item.UnixDateTime).UtcDateTime;
        Assert.Equal(expected.ToString("dd MMM yyyy, HH:mm:ss", CultureInfo.InvariantCulture).ToLowerInvariant(), item.DateTime);
    }

    [Fact]
    public async Task Simulated_inbound_mms_is_in_the_inbox_and_its_file_downloads_without_credentials()
    {
        var client = await gateway.NewAccountClientAsync();
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        var inboxId = await client.SimulateInboundAsync("32470222222", "MyBrand", "Look at this", [new SimulatedFile("photo.png", "image/png", png)], Ct);

        var inbox = await client.GetInboxAsync(cancellationToken: Ct);
        var received = Assert.Single(inbox.Messages);
        Assert.Equal(inboxId, received.Id);
        Assert.Equal(("Look at this", "32470222222", "MyBrand", "sms"), (received.Message, received.Sender, received.Receiver, received.Type));
        var file = Assert.Single(received.File!);
        Assert.Equal(("photo.png", "image/png"), (file.Name, file.Mime));
        Assert.Equal(png, await client.DownloadFileAsync(new Uri(file.Image), Ct));

        var conversation = await client.GetConversationAsync("32470222222", cancellationToken: Ct);
        var inbound = Assert.Single(conversation.Conversation);
        Assert.Equal("inbound", inbound.Direction);
        Assert.Null(inbound.MessageId);
        Assert.Equal(file.Image, Assert.Single(inbound.File!).Image);
    }

    [Fact]
    public async Task Cancelling_a_scheduled_message_leaves_it_cancelled_and_a_second_cancel_is_refused_with_153()
    {
        var client = await gateway.NewAccountClientAsync();
        var brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), brussels).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var id = await client.SendAsync("32470333333", "MyBrand", "Later", new SendOptions { Date = tomorrow }, Ct);
        Assert.NotNull((await client.GetMessageAsync(id, Ct)).ScheduledUnixDateTime);

        await client.CancelAsync(id, Ct);

        Assert.Equal("CANCELLED", (await client.GetMessageAsync(id, Ct)).Status);
        var again = await Assert.ThrowsAsync<SmsgwApiException>(() => client.CancelAsync(id, Ct));
        Assert.Equal((HttpStatusCode.Conflict, "153"), (again.HttpStatus, again.ErrorCode));
    }

    [Fact]
    public async Task Wrong_secret_throws_SmsgwApiException_with_code_104_and_status_401()
    {
        var credentials = await gateway.CreateAccountAsync();
        var client = new SmsgwClient(gateway.Http, new SmsgwClientOptions { BaseAddress = gateway.BaseAddress, ClientId = credentials.ClientId, ClientSecret = "wrong" });

        var error = await Assert.ThrowsAsync<SmsgwApiException>(() => client.SendAsync("32470123456", "MyBrand", "Hi", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatus);
        Assert.Equal("104", error.ErrorCode);
        Assert.Equal("Invalid credentials", error.ErrorMessage);
    }

    [Fact]
    public async Task Refused_send_carries_the_smstools_code_and_stores_nothing()
    {
        var client = await gateway.NewAccountClientAsync();

        var error = await Assert.ThrowsAsync<SmsgwApiException>(() => client.SendAsync("32470123456", "Far too long a sender", "Hi", cancellationToken: Ct));

        Assert.Equal((HttpStatusCode.BadRequest, "111"), (error.HttpStatus, error.ErrorCode));
        Assert.Equal(0, (await client.GetHistoryAsync(cancellationToken: Ct)).Total);
    }

    [Fact]
    public async Task Unknown_message_id_throws_133_with_status_404()
    {
        var client = await gateway.NewAccountClientAsync();

        var error = await Assert.ThrowsAsync<SmsgwApiException>(() => client.GetMessageAsync("e0ncuxht345hjmbjvv2feky0azflcw", Ct));

        Assert.Equal((HttpStatusCode.NotFound, "133"), (error.HttpStatus, error.ErrorCode));
    }

    [Fact]
    public async Task History_pages_sent_messages_newest_first()
    {
        var client = await gateway.NewAccountClientAsync();
        var first = await client.SendAsync("32470444441", "MyBrand", "one", cancellationToken: Ct);
        var second = await client.SendAsync("32470444442", "MyBrand", "two", cancellationToken: Ct);
        var third = await client.SendAsync("32470444443", "MyBrand", "three", cancellationToken: Ct);

        var page1 = await client.GetHistoryAsync(page: 1, limit: 2, cancellationToken: Ct);
        var page2 = await client.GetHistoryAsync(page: 2, limit: 2, cancellationToken: Ct);

        Assert.Equal((3, 2, 1, 2), (page1.Total, page1.Shown, page1.Page, page1.Limit));
        Assert.Equal([third, second], page1.Messages.Select(m => m.Id));
        Assert.Equal([first], page2.Messages.Select(m => m.Id));
        var oldest = page2.Messages[0];
        Assert.Equal(("32470444441", "MyBrand", "one", "1", "single"), (oldest.To, oldest.Sender, oldest.Message, oldest.Amount, oldest.Type));
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_first_id_and_sends_once()
    {
        var client = await gateway.NewAccountClientAsync();
        var options = new SendOptions { IdempotencyKey = Guid.NewGuid().ToString() };

        var first = await client.SendAsync("32470555555", "MyBrand", "once", options, Ct);
        var retry = await client.SendAsync("32470555555", "MyBrand", "once", options, Ct);

        Assert.Equal(first, retry);
        Assert.Equal(1, (await client.GetHistoryAsync(cancellationToken: Ct)).Total);
    }

    [Fact]
    public async Task Test_mode_returns_an_id_and_stores_nothing()
    {
        var client = await gateway.NewAccountClientAsync();

        var id = await client.SendAsync("32470666666", "MyBrand", "dry run", new SendOptions { Test = true }, Ct);

        Assert.Matches(MessageIdShape(), id);
        Assert.Equal(0, (await client.GetHistoryAsync(cancellationToken: Ct)).Total);
    }

    [Fact]
    public async Task A_gateway_behind_a_path_prefix_keeps_its_prefix()
    {
        var credentials = await gateway.CreateAccountAsync();
        // No gateway listens under /nested/: the 404 proves the SDK kept the prefix instead of calling /v1 at the root.
        var client = new SmsgwClient(gateway.Http, new Uri(gateway.BaseAddress, "nested"), credentials.ClientId, credentials.ClientSecret);

        var error = await Assert.ThrowsAsync<SmsgwApiException>(() => client.GetHistoryAsync(cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatus);
    }
}
