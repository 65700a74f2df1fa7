using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Smsgw.Storage;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// Receipt correlation lives in the store, not in a process: an SMSC that holds its receipts across a gateway restart
/// (it answered the submits, the gateway stopped, a new process bound) still gets every one matched.
/// </summary>
public sealed class SmppRestartTests : IDisposable
{
    private const string Phone = "32470123456";

    private readonly string _dataDirectory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_dataDirectory);

    private static async Task<JsonElement> DetailAsync(HttpClient client, string id) => await (await client.GetAsync($"/v1/message/{id}")).JsonAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Receipts_that_come_after_a_restart_match_the_messages_submitted_before_it(bool decimalTextIds)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { NoReceipts = true });
        var settings = smsc.GatewaySettings();
        if (decimalTextIds)
        {
            settings["Smsgw:Smpp:Connections:0:MessageIdFormat"] = "Hex";
            settings["Smsgw:Smpp:Connections:0:ReceiptIdFormat"] = "Decimal";
        }
        var gateway = await TestGateway.StartAsync(settings, dataDirectory: _dataDirectory);
        var credentials = gateway.Demo!;
        var ids = new List<string>();
        using (var client = gateway.Client())
        {
            foreach (var text in new[] { "before the restart", string.Concat(Enumerable.Repeat("a long one before the restart ", 8)) })
            {
                var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to = Phone, sender = "MyBrand" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                ids.Add((await response.JsonAsync()).GetProperty("messageid").GetString()!);
            }
            // Every part's submit_sm_resp recorded: all that survives the stop is what the store holds.
            foreach (var id in ids)
            {
                await HttpJson.EventuallyAsync(
                    () => DetailAsync(client, id),
                    d => d.GetProperty("partDetails").GetArrayLength() == d.GetProperty("parts").GetInt32() && d.GetProperty("status").GetString() == "SUBMITTED");
            }
        }
        await gateway.StopAsync();
        var submitted = smsc.Accepted.ToList();
        Assert.Equal(3, submitted.Count);

        await using var restarted = await TestGateway.StartAsync(settings, dataDirectory: _dataDirectory);
        using var again = restarted.Client(credentials);
        foreach (var (messageId, pdu) in submitted)
        {
            Assert.Equal(CommandStatus.Ok, await smsc.DeliverAsync(Receipt(pdu, messageId, decimalTextIds)));
        }

        foreach (var id in ids)
        {
            var detail = await HttpJson.EventuallyAsync(() => DetailAsync(again, id), d => d.GetProperty("status").GetString() == "DELIVERED");
            Assert.All(detail.GetProperty("partDetails").EnumerateArray(), p => Assert.Equal("DELIVERED", p.GetProperty("status").GetString()));
        }
        Assert.Equal(0, await restarted.Service<IMessageStore>().CountUnmatchedReceiptsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, smsc.Accepted.Count); // nothing sent again by the new process
    }

    /// <summary>
    /// A receipt as an SMSC writes one: the <c>receipted_message_id</c> TLV with the response's id, or (with
    /// <paramref name="decimalTextId"/>) only the text, its <c>id:</c> the same number in decimal.
    /// </summary>
    private static DeliverSm Receipt(SubmitSm submit, string hexMessageId, bool decimalTextId)
    {
        var textId = decimalTextId
            ? long.Parse(hexMessageId, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : hexMessageId;
        var now = DateTime.UtcNow.ToString("yyMMddHHmm", CultureInfo.InvariantCulture);
        return new DeliverSm
        {
            SourceAddr = submit.DestinationAddr,
            DestinationAddr = submit.SourceAddr,
            EsmClass = 0x04,
            ShortMessage = Encoding.ASCII.GetBytes($"id:{textId} sub:001 dlvrd:001 submit date:{now} done date:{now} stat:DELIVRD err:000 text:"),
            Tlvs = decimalTextId
                ? []
                : [Tlv.FromCString(TlvTag.ReceiptedMessageId, hexMessageId), Tlv.FromByte(TlvTag.MessageState, (byte)MessageState.Delivered)],
        };
    }
}
