using System.Net;
using System.Text;
using System.Text.Json;
using Smsgw.Carriers;
using Smsgw.Carriers.Smpp;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Text;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// A connection's text profile (<c>Concatenation</c>, <c>PreferLatin1</c>) decides the encoding and part count the API
/// stores as well as the <c>submit_sm</c> PDUs the SMSC gets, against a <see cref="FakeSmsc"/> on real TCP.
/// </summary>
public sealed class SmppTextProfileTests
{
    private const string Phone = "32470123456";

    // û and ç are outside GSM 03.38 (it has Ç, not ç) but inside ISO-8859-1; £ is in both.
    private const string French = "Crème brûlée, ça coûte 5 £?";

    private static async Task<string> SendAsync(HttpClient client, string text, string to = Phone)
    {
        var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messageid").GetString()!;
    }

    private static Task<JsonElement> DeliveredAsync(HttpClient client, string messageId) =>
        HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync($"/v1/message/{messageId}")).JsonAsync(),
            d => d.GetProperty("status").GetString() == "DELIVERED");

    private static List<string> PartStatuses(JsonElement detail) =>
        [.. detail.GetProperty("partDetails").EnumerateArray().Select(p => p.GetProperty("status").GetString()!)];

    private static Dictionary<string, string?> Settings(FakeSmsc smsc, string concatenation = "Udh8", bool preferLatin1 = false)
    {
        var settings = smsc.GatewaySettings();
        settings["Smsgw:Smpp:Connections:0:Concatenation"] = concatenation;
        if (preferLatin1)
        {
            settings["Smsgw:Smpp:Connections:0:PreferLatin1"] = "true"; // otherwise left at its default, off
        }
        return settings;
    }

    /// <summary>GSM 03.38 text of exactly <paramref name="septets"/> septets, no two parts alike.</summary>
    private static string GsmText(int septets) =>
        string.Concat(Enumerable.Range(0, septets).Select(i => (char)('a' + (i % 26))));

    private static string Decode(ReadOnlySpan<byte> bytes, byte dataCoding) => dataCoding switch
    {
        0 => Gsm7.Decode(bytes),
        3 => Latin1.Decode(bytes),
        8 => Ucs2.Decode(bytes),
        _ => throw new ArgumentOutOfRangeException(nameof(dataCoding), dataCoding, null),
    };

    [Fact]
    public async Task Udh16_counts_152_septets_per_part_and_sends_that_many_parts_each_with_a_16_bit_reference()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(Settings(smsc, "Udh16"));
        using var client = gateway.Client();
        var text = GsmText(306);

        var messageId = await SendAsync(client, text);

        var detail = await DeliveredAsync(client, messageId);
        Assert.Equal(3, detail.GetProperty("parts").GetInt32());
        Assert.Equal("GSM-7", detail.GetProperty("encoding").GetString());
        Assert.Equal(["DELIVERED", "DELIVERED", "DELIVERED"], PartStatuses(detail));
        var submits = smsc.Accepted.Select(s => s.Pdu).ToList();
        Assert.Equal(3, submits.Count);
        Assert.All(submits, s =>
        {
            Assert.Equal(SmppSubmitBuilder.UdhIndicator, s.EsmClass & SmppSubmitBuilder.UdhIndicator);
            Assert.Equal(Udh.ConcatenatedShortMessages16Bit, s.ShortMessage.Span[1]);
        });
        var udh = submits.Select(s => Udh.TryReadConcatenation(s.ShortMessage.Span, out var c) ? c : default).ToList();
        Assert.All(udh, c => Assert.Equal((ConcatenationReference.SixteenBit, 3), (c.ReferenceSize, c.Total)));
        Assert.Single(udh.Select(c => c.Reference).Distinct());
        Assert.Equal(text, string.Concat(submits.OrderBy(s => udh[submits.IndexOf(s)].Sequence).Select(FakeSmsc.Text)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MessagePayload_sends_a_long_text_whole_in_one_submit_sm_and_its_one_receipt_delivers_it(bool unicode)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(Settings(smsc, "MessagePayload"));
        using var client = gateway.Client();
        var text = unicode
            ? string.Concat(Enumerable.Range(0, 20).Select(i => $"Ünï {i} 😀 "))
            : string.Concat(Enumerable.Range(0, 30).Select(i => $"word {i} {{x}} "));
        var expected = SmsText.Measure(text);
        Assert.True(expected.Parts >= 3);

        var messageId = await SendAsync(client, text);

        var detail = await DeliveredAsync(client, messageId);
        var pdu = Assert.Single(smsc.Accepted).Pdu;
        Assert.True(pdu.ShortMessage.IsEmpty);
        Assert.Equal(0, pdu.EsmClass & SmppSubmitBuilder.UdhIndicator);
        Assert.False(Tlv.TryFind(pdu.Tlvs, TlvTag.SarMsgRefNum, out _));
        Assert.True(Tlv.TryFind(pdu.Tlvs, TlvTag.MessagePayload, out var payload));
        Assert.Equal(unicode ? 8 : 0, pdu.DataCoding);
        Assert.Equal(text, Decode(payload.Value.Span, pdu.DataCoding));
        Assert.Equal(unicode ? "UCS-2" : "GSM-7", detail.GetProperty("encoding").GetString());
        Assert.Equal(expected.Parts, detail.GetProperty("parts").GetInt32());
        Assert.Equal(["DELIVERED"], PartStatuses(detail));
    }

    [Fact]
    public async Task MessagePayload_still_sends_a_text_that_fits_one_part_in_short_message()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(Settings(smsc, "MessagePayload"));
        using var client = gateway.Client();
        var text = GsmText(160);

        var messageId = await SendAsync(client, text);

        var detail = await DeliveredAsync(client, messageId);
        var pdu = Assert.Single(smsc.Accepted).Pdu;
        Assert.Equal(text, FakeSmsc.Text(pdu));
        Assert.False(Tlv.TryFind(pdu.Tlvs, TlvTag.MessagePayload, out _));
        Assert.Equal(0, pdu.EsmClass & SmppSubmitBuilder.UdhIndicator);
        Assert.Equal(1, detail.GetProperty("parts").GetInt32());
    }

    [Fact]
    public async Task PreferLatin1_sends_latin1_text_outside_gsm_as_data_coding_3_and_the_api_shows_latin1()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(Settings(smsc, preferLatin1: true));
        using var client = gateway.Client();

        var messageId = await SendAsync(client, French);

        var detail = await DeliveredAsync(client, messageId);
        Assert.Equal("Latin-1", detail.GetProperty("encoding").GetString());
        Assert.Equal(1, detail.GetProperty("parts").GetInt32());
        var pdu = Assert.Single(smsc.Accepted).Pdu;
        Assert.Equal(3, pdu.DataCoding);
        Assert.Equal(Encoding.Latin1.GetBytes(French), pdu.ShortMessage.ToArray());
    }

    [Fact]
    public async Task PreferLatin1_counts_a_200_character_latin1_text_as_two_parts_of_at_most_134_octets()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(Settings(smsc, preferLatin1: true));
        using var client = gateway.Client();
        var text = string.Concat(Enumerable.Repeat(French + " ", 8))[..200];

        var messageId = await SendAsync(client, text);

        var detail = await DeliveredAsync(client, messageId);
        Assert.Equal("Latin-1", detail.GetProperty("encoding").GetString());
        Assert.Equal(2, detail.GetProperty("parts").GetInt32());
        Assert.Equal(["DELIVERED", "DELIVERED"], PartStatuses(detail));
        var submits = smsc.Accepted.Select(s => s.Pdu).ToList();
        Assert.Equal(2, submits.Count);
        Assert.All(submits, s => Assert.Equal(3, s.DataCoding));
        Assert.All(submits, s => Assert.True(s.ShortMessage.Length - 6 <= SmsPartCapacity.OctetPerPart));
        var ordered = submits.OrderBy(s => s.ShortMessage.Span[5]).ToList();
        Assert.Equal(text, string.Concat(ordered.Select(s => Decode(s.ShortMessage.Span[6..], s.DataCoding))));
    }

    [Theory]
    [InlineData(true, French + " 😀")] // outside Latin-1: UCS-2 even where Latin-1 is preferred
    [InlineData(false, French)] // Latin-1 text on a connection left at the default
    public async Task Text_goes_as_ucs2_when_it_is_outside_latin1_or_latin1_is_not_preferred(bool preferLatin1, string text)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(Settings(smsc, preferLatin1: preferLatin1));
        using var client = gateway.Client();

        var messageId = await SendAsync(client, text);

        var detail = await DeliveredAsync(client, messageId);
        Assert.Equal("UCS-2", detail.GetProperty("encoding").GetString());
        var pdu = Assert.Single(smsc.Accepted).Pdu;
        Assert.Equal(8, pdu.DataCoding);
        Assert.Equal(text, FakeSmsc.Text(pdu));
    }

    [Fact]
    public async Task One_send_to_recipients_routed_to_carriers_with_different_profiles_stores_each_with_its_carriers_count()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        var settings = Settings(smsc, "Udh16");
        settings["Smsgw:Carriers:Default"] = "simulator";
        settings["Smsgw:Carriers:Routes:0:Prefix"] = "3247";
        settings["Smsgw:Carriers:Routes:0:Carrier"] = "smsc";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.Client();
        const string FrenchPhone = "33612345678";

        var response = await client.SendJsonAsync("/v1/message/send", new { message = GsmText(306), to = new[] { Phone, FrenchPhone, "32470120001" }, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var history = await HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync("/v1/message/history")).JsonAsync(),
            h => h.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "DELIVERED") == 3);
        // The Smstools history writes a message's part count as its "amount".
        var parts = history.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("to").GetString()!, m => m.GetProperty("amount").GetString());
        Assert.Equal("3", parts[Phone]);
        Assert.Equal("3", parts["32470120001"]);
        Assert.Equal("2", parts[FrenchPhone]);
        Assert.Equal(6, smsc.Accepted.Count);
    }

    [Fact]
    public async Task The_255_part_limit_is_checked_with_the_routed_carriers_part_size()
    {
        // 255 parts of 153 septets: the most an 8-bit reference connection sends, 257 parts with 152 septets each.
        var text = GsmText(255 * SmsPartCapacity.Gsm7PerPart);
        foreach (var (concatenation, status) in new[] { ("Udh8", HttpStatusCode.OK), ("Udh16", HttpStatusCode.BadRequest) })
        {
            await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { NoReceipts = true });
            var settings = Settings(smsc, concatenation);
            settings["Smsgw:Messages:MaxLength"] = "40000";
            settings["Smsgw:Carriers:Default"] = "simulator";
            settings["Smsgw:Carriers:Routes:0:Prefix"] = "3247";
            settings["Smsgw:Carriers:Routes:0:Carrier"] = "smsc";
            await using var gateway = await TestGateway.StartAsync(settings);
            using var client = gateway.Client();

            var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to = Phone, sender = "MyBrand", test = true });

            Assert.Equal(status, response.StatusCode);
            if (status != HttpStatusCode.OK)
            {
                Assert.Equal("118", (await response.JsonAsync()).GetProperty("error").GetString());
            }
        }
    }

    [Fact]
    public void A_message_stored_as_latin1_goes_as_ucs2_to_a_connection_that_no_longer_prefers_latin1()
    {
        // Accepted while its route preferred Latin-1, sent after the setting (or the route) changed.
        const string text = "Crème brûlée, ça coûte 5 £?";
        var submission = new CarrierSubmission("m1", new Smsgw.Accounts.AccountId(1), "MyBrand", Phone, text, SmsEncoding.Latin1, 1, InDoubt: false);

        var ucs2 = Assert.Single(SmppSubmitBuilder.Build(submission, new SmppConnectionOptions { Name = "smsc" }, 0));
        var latin1 = Assert.Single(SmppSubmitBuilder.Build(submission, new SmppConnectionOptions { Name = "smsc", PreferLatin1 = true }, 0));

        Assert.Equal(8, ucs2.DataCoding);
        Assert.Equal(text, Decode(ucs2.ShortMessage.Span, ucs2.DataCoding));
        Assert.Equal(3, latin1.DataCoding);
        Assert.Equal(text, Decode(latin1.ShortMessage.Span, latin1.DataCoding));
    }
}
