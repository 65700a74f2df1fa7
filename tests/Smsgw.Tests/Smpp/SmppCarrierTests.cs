using System.Net;
using System.Text;
using System.Text.Json;
using Smsgw.Accounts;
using Smsgw.Carriers.Smpp;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>API send → SMPP → receipt → status, against a <see cref="FakeSmsc"/> on real TCP.</summary>
public sealed class SmppCarrierTests
{
    private const string Phone = "32470123456";

    private static async Task<string> SendAsync(HttpClient client, string text, string to = Phone, string sender = "MyBrand")
    {
        var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to, sender });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messageid").GetString()!;
    }

    private static Task<JsonElement> ConversationWhenAsync(HttpClient client, string peer, Func<List<JsonElement>, bool> condition) =>
        HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync($"/v1/conversation/{peer}")).JsonAsync(),
            c => condition(c.GetProperty("conversation").EnumerateArray().ToList()));

    private static bool AllStatus(List<JsonElement> items, int count, string status) =>
        items.Count == count && items.All(i => i.GetProperty("deliveryStatus").GetString() == status);

    [Theory]
    [InlineData("Hello over SMPP", 1, 0)]
    [InlineData("Unicode 😀 over SMPP", 1, 8)]
    public async Task Short_message_goes_out_over_smpp_and_its_receipt_sets_delivered(string text, int parts, int dataCoding)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        await SendAsync(client, text);

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "DELIVERED"));
        var submits = smsc.Accepted.ToList();
        Assert.Equal(parts, submits.Count);
        var pdu = submits[0].Pdu;
        Assert.Equal(text, FakeSmsc.Text(pdu));
        Assert.Equal(dataCoding, pdu.DataCoding);
        Assert.Equal(1, pdu.RegisteredDelivery);
        Assert.Equal(Phone, pdu.DestinationAddr);
        Assert.Equal("MyBrand", pdu.SourceAddr);
        Assert.Equal(5, pdu.SourceAddrTon);
    }

    [Fact]
    public async Task A_prefix_route_sends_matching_destinations_over_smpp_and_the_rest_through_the_default_carrier()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Carriers:Default"] = "simulator";
        settings["Smsgw:Carriers:Routes:0:Prefix"] = "3247";
        settings["Smsgw:Carriers:Routes:0:Carrier"] = "smsc";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        await SendAsync(client, "to a Belgian mobile", Phone);
        await SendAsync(client, "to a French mobile", "33612345678");

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "DELIVERED"));
        var french = await ConversationWhenAsync(client, "33612345678", items => AllStatus(items, 1, "DELIVERED"));
        Assert.Equal(Phone, Assert.Single(smsc.Accepted.ToList()).Pdu.DestinationAddr);
        var id = french.GetProperty("conversation")[0].GetProperty("messageId").GetString();
        Assert.Equal("simulator", (await (await client.GetAsync($"/v1/message/{id}")).JsonAsync()).GetProperty("carrier").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Long_message_is_sent_in_udh_parts_and_is_delivered_when_every_part_is(bool unicode)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();
        var text = string.Concat(Enumerable.Range(0, unicode ? 20 : 30).Select(i => unicode ? $"Ünï {i} 😀 " : $"word {i} {{x}} "));

        var messageId = await SendAsync(client, text);

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "DELIVERED"));
        var submits = smsc.Accepted.Select(s => s.Pdu).ToList();
        var expected = SmsText.Measure(text);
        Assert.Equal(unicode ? SmsEncoding.Ucs2 : SmsEncoding.Gsm7, expected.Encoding);
        Assert.Equal(expected.Parts, submits.Count);
        Assert.True(submits.Count >= 3);
        var udh = submits.Select(s => Udh.TryReadConcatenation(s.ShortMessage.Span, out var c) ? c : default).ToList();
        Assert.All(udh, c => Assert.Equal(submits.Count, c.Total));
        Assert.Equal(Enumerable.Range(1, submits.Count), udh.Select(c => c.Sequence).Order());
        Assert.Single(udh.Select(c => c.Reference).Distinct());
        Assert.All(submits, s => Assert.Equal(unicode ? 8 : 0, s.DataCoding));
        Assert.Equal(text, string.Concat(submits.OrderBy(s => udh[submits.IndexOf(s)].Sequence).Select(FakeSmsc.Text)));

        // One part detail per submitted part, in part order, each with the id the SMSC gave that part's submit and
        // the status its own receipt set.
        var idBySequence = smsc.Accepted.ToDictionary(
            s => Udh.TryReadConcatenation(s.Pdu.ShortMessage.Span, out var c) ? c.Sequence : 0,
            s => SmppMessageIds.Canonical(s.MessageId, SmppMessageIdFormat.Text, SmppMessageIdFormat.Text));
        var detail = await (await client.GetAsync($"/v1/message/{messageId}")).JsonAsync();
        var parts = detail.GetProperty("partDetails").EnumerateArray().ToList();
        Assert.Equal(submits.Count, detail.GetProperty("parts").GetInt32());
        Assert.Equal(Enumerable.Range(1, submits.Count), parts.Select(p => p.GetProperty("part").GetInt32()));
        Assert.All(parts, p =>
        {
            Assert.Equal(idBySequence[p.GetProperty("part").GetInt32()], p.GetProperty("carrierMessageId").GetString());
            Assert.Equal("DELIVERED", p.GetProperty("status").GetString());
        });
        Assert.Equal(submits.Count, parts.Select(p => p.GetProperty("carrierMessageId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Transmitter_and_receiver_binds_submit_on_one_session_and_take_receipts_on_the_other()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:BindMode"] = "TransmitterAndReceiver";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        await SendAsync(client, "two sessions");

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "DELIVERED"));
        Assert.Equal(2, smsc.Binds);
    }

    [Fact]
    public async Task Sar_concatenation_sends_parts_with_sar_tlvs_and_no_udh()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:Concatenation"] = "Sar";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        var text = string.Concat(Enumerable.Repeat("sar segmented text ", 20));

        await SendAsync(client, text);

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "DELIVERED"));
        var submits = smsc.Accepted.Select(s => s.Pdu).ToList();
        Assert.True(submits.Count >= 2);
        Assert.All(submits, s => Assert.Equal(0, s.EsmClass & 0x40));
        var sequence = submits.Select(s => Tlv.TryFind(s.Tlvs, TlvTag.SarSegmentSeqnum, out var t) ? t.GetByte() : 0).ToList();
        Assert.Equal(Enumerable.Range(1, submits.Count), sequence.Order());
        Assert.Equal(text, string.Concat(submits.OrderBy(s => sequence[submits.IndexOf(s)]).Select(FakeSmsc.Text)));
    }

    [Fact]
    public async Task Undelivered_receipt_sets_not_delivered()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        await SendAsync(client, "to a dead phone", to: "32470120000");

        await ConversationWhenAsync(client, "32470120000", items => AllStatus(items, 1, "NOT DELIVERED"));
    }

    [Fact]
    public async Task Throttled_every_third_submit_is_retried_without_loss_or_duplicates()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { ThrottleEvery = 3 });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        for (var i = 0; i < 20; i++)
        {
            await SendAsync(client, $"throttled {i}");
        }

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 20, "DELIVERED"));
        var texts = smsc.Accepted.Select(s => FakeSmsc.Text(s.Pdu)).ToList();
        Assert.Equal(20, texts.Count);
        Assert.Equal(20, texts.Distinct().Count());
    }

    [Fact]
    public async Task A_batch_that_outlasts_its_lease_on_a_paced_connection_is_sent_once()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = smsc.GatewaySettings();
        // 40 messages at 20 submits/s take 2 s, twice the lease: the dispatcher must keep its lease while they wait,
        // or another worker takes them again and the SMSC gets them twice.
        settings["Smsgw:Smpp:Connections:0:MaxSubmitsPerSecond"] = "20";
        settings["Smsgw:Outbound:LeaseDuration"] = "00:00:01";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        var to = Enumerable.Range(0, 40).Select(i => $"324701201{i:00}").ToArray();
        var response = await client.SendJsonAsync("/v1/message/send", new { message = "paced", to, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync("/v1/message/history?limit=100")).JsonAsync(),
            h => h.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "DELIVERED") == 40);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken); // a late second send would show by now
        var receivers = smsc.Accepted.Select(s => s.Pdu.DestinationAddr).ToList();
        Assert.Equal(40, receivers.Count);
        Assert.Equal(40, receivers.Distinct().Count());
    }

    [Fact]
    public async Task Error_on_submit_marks_the_message_rejected_with_the_esme_code()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { ErrorOnSubmit = CommandStatus.InvalidDestinationAddress });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        var messageId = await SendAsync(client, "refused");

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "REJECTED"));
        var detail = await (await client.GetAsync($"/v1/message/{messageId}")).JsonAsync();
        Assert.Contains("ESME_RINVDSTADR 0x0000000B", detail.ToString());
    }

    [Fact]
    public async Task Receipts_before_submit_sm_resp_are_matched()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { ReceiptsBeforeResp = true });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        await SendAsync(client, "early receipt");
        await SendAsync(client, string.Concat(Enumerable.Repeat("long early receipt ", 20)));

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 2, "DELIVERED"));
    }

    [Fact]
    public async Task Receipts_with_decimal_ids_match_hex_submit_responses()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { DecimalReceiptIds = true });
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:MessageIdFormat"] = "Hex";
        settings["Smsgw:Smpp:Connections:0:ReceiptIdFormat"] = "Decimal";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();

        await SendAsync(client, "decimal receipt");
        await SendAsync(client, string.Concat(Enumerable.Repeat("long decimal receipt ", 20)));

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 2, "DELIVERED"));
    }

    [Fact]
    public async Task A_receipt_without_any_message_id_is_acknowledged_and_kept_as_unmatched()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();
        await SendAsync(client, "bind first"); // the gateway binds when it has something to send, or at start
        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, "DELIVERED"));

        var status = await smsc.DeliverAsync(new DeliverSm
        {
            SourceAddr = Phone,
            DestinationAddr = "MyBrand",
            EsmClass = 0x04,
            ShortMessage = Encoding.ASCII.GetBytes("sub:001 dlvrd:001 submit date:2611251200 done date:2611251200 stat:DELIVRD err:000 text:"),
        });

        Assert.Equal(CommandStatus.Ok, status);
        Assert.Equal(1, await gateway.Service<IMessageStore>().CountUnmatchedReceiptsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reconnects_after_the_smsc_drops_the_session_and_delivers_everything()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { DropAfterBind = true });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        for (var i = 0; i < 5; i++)
        {
            await SendAsync(client, $"after reconnect {i}");
        }

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 5, "DELIVERED"));
        Assert.True(smsc.Binds >= 2);
        Assert.Equal(5, smsc.Accepted.Select(s => FakeSmsc.Text(s.Pdu)).Distinct().Count());
    }

    [Fact]
    public async Task Mo_to_an_assigned_number_lands_in_the_inbox_and_conversation_once()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();
        await AssignAsync(gateway, "3225551234");

        var mo = FakeSmsc.Mo("+32470123456", "3225551234", "Réponse 😀");
        Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(mo));
        Assert.Equal(CommandStatus.Ok, await smsc.RedeliverAsync(mo)); // our response lost: the same request again

        var items = (await ConversationWhenAsync(client, Phone, items => items.Count == 1)).GetProperty("conversation").EnumerateArray().ToList();
        Assert.Equal("Réponse 😀", items[0].GetProperty("message").GetString());
        Assert.Equal("inbound", items[0].GetProperty("direction").GetString());
        Assert.Equal("3225551234", items[0].GetProperty("receiver").GetString());
        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        Assert.Equal(1, inbox.GetProperty("total").GetInt64());
        Assert.Equal("Réponse 😀", inbox.GetProperty("messages")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Mo_to_a_number_no_account_owns_is_refused_with_invalid_destination()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());

        Assert.Equal(CommandStatus.InvalidDestinationAddress, await smsc.DeliverAsync(FakeSmsc.Mo("32470123456", "3225559999", "nobody")));
    }

    [Fact]
    public async Task Mo_in_parts_out_of_order_with_a_duplicate_is_stored_once_when_complete()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();
        await AssignAsync(gateway, "3225551234");
        string[] parts = ["First part, ", "second part 😀, ", "third part."];

        foreach (var sequence in new[] { 3, 1, 1, 2, 2 })
        {
            var part = new Concatenation(ConcatenationReference.EightBit, 42, 3, sequence);
            Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(FakeSmsc.Mo("32470123456", "3225551234", parts[sequence - 1], part)));
        }

        var page = await ConversationWhenAsync(client, Phone, items => items.Count == 1);
        Assert.Equal(string.Concat(parts), page.GetProperty("conversation")[0].GetProperty("message").GetString());
        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        Assert.Equal(1, inbox.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Mo_with_a_missing_part_is_stored_with_a_marker_after_the_timeout()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:InboundPartsTimeout"] = "00:00:01";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        await AssignAsync(gateway, "3225551234");

        foreach (var sequence in new[] { 1, 3 })
        {
            var part = new Concatenation(ConcatenationReference.EightBit, 7, 3, sequence);
            Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(FakeSmsc.Mo("32470123456", "3225551234", $"<{sequence}>", part)));
        }

        var page = await ConversationWhenAsync(client, Phone, items => items.Count == 1);
        Assert.Equal("<1>[part 2 of 3 missing]<3>", page.GetProperty("conversation")[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(false, MessageState.Delivered, "DELIVERED")]
    [InlineData(true, MessageState.Delivered, "DELIVERED")]
    [InlineData(true, MessageState.Undeliverable, "NOT DELIVERED")]
    public async Task Data_sm_receipt_sets_the_status_like_a_deliver_sm_receipt(bool tlvsOnly, MessageState state, string expected)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { NoReceipts = true });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        await SendAsync(client, "receipt by data_sm");
        var (messageId, submit) = (await HttpJson.EventuallyAsync(() => Task.FromResult(smsc.Accepted.ToList()), a => a.Count == 1))[0];
        await ConversationWhenAsync(client, Phone, items => items.Count == 1 && items[0].GetProperty("deliveryStatus").GetString() != "DELIVERED");

        Assert.Equal(CommandStatus.Ok, await smsc.SendDataSmAsync(FakeSmsc.DataSmReceipt(submit, messageId, state, tlvsOnly)));

        await ConversationWhenAsync(client, Phone, items => AllStatus(items, 1, expected));
    }

    [Fact]
    public async Task Data_sm_mo_with_the_text_in_message_payload_lands_in_the_inbox_and_conversation_once()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();
        await AssignAsync(gateway, "3225551234");

        var mo = FakeSmsc.DataSmMo("+32470123456", "3225551234", "Réponse data_sm 😀");
        Assert.Equal(8, mo.DataCoding);
        Assert.Equal(CommandStatus.Ok, await smsc.SendDataSmAsync(mo));
        Assert.Equal(CommandStatus.Ok, await smsc.RedeliverAsync(mo)); // our response lost: the same request again
        Assert.Equal(CommandStatus.Ok, await smsc.SendDataSmAsync(FakeSmsc.DataSmMo("+32470123456", "3225551234", "plain {gsm} text")));

        var items = (await ConversationWhenAsync(client, Phone, items => items.Count == 2)).GetProperty("conversation").EnumerateArray().ToList();
        Assert.Equal(["Réponse data_sm 😀", "plain {gsm} text"], items.Select(i => i.GetProperty("message").GetString()).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal("inbound", i.GetProperty("direction").GetString()));
        var inbox = await (await client.GetAsync("/v1/message/inbox")).JsonAsync();
        Assert.Equal(2, inbox.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Data_sm_mo_to_a_number_no_account_owns_is_refused_with_invalid_destination()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());

        Assert.Equal(CommandStatus.InvalidDestinationAddress, await smsc.SendDataSmAsync(FakeSmsc.DataSmMo("32470123456", "3225559999", "nobody")));
    }

    private static async Task AssignAsync(TestGateway gateway, string number) =>
        Assert.Equal(NumberAssignment.Assigned, await gateway.Service<NumberAdministration>().AssignAsync(number, gateway.Demo!.Name, TestContext.Current.CancellationToken));
}
