using System.Net;
using System.Text.Json;
using Smsgw.Carriers.Smpp;
using Smsgw.Smpp.Codec;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// An SMSC answering a <c>submit_sm</c> with <c>generic_nack</c> (SMPP 3.4 §4.3.1) did not process it: the message is
/// not at the SMSC, whatever the nack's status, so it is refused (or retried when the status says throttled), never
/// taken as accepted with an empty id that no receipt would ever match.
/// </summary>
public sealed class SmppGenericNackTests
{
    private const string Phone = "32470123456";

    private static async Task<string> SendAsync(HttpClient client, string text)
    {
        var response = await client.SendJsonAsync("/v1/message/send", new { message = text, to = Phone, sender = "MyBrand" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messageid").GetString()!;
    }

    private static Task<JsonElement> DetailWhenAsync(HttpClient client, string messageId, string status) =>
        HttpJson.EventuallyAsync(
            async () => await (await client.GetAsync($"/v1/message/{messageId}")).JsonAsync(),
            d => d.GetProperty("status").GetString() == status);

    [Theory]
    [InlineData(CommandStatus.Ok, "generic_nack ESME_ROK 0x00000000")]
    [InlineData(CommandStatus.InvalidCommandLength, "generic_nack ESME_RINVCMDLEN 0x00000002")]
    [InlineData(CommandStatus.SystemError, "generic_nack ESME_RSYSERR 0x00000008")]
    public async Task A_submit_answered_by_generic_nack_is_rejected_with_the_nacks_status_and_not_sent_again(CommandStatus status, string expectedDetail)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { GenericNackOnSubmit = 1, GenericNackStatus = status });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        var nacked = await SendAsync(client, "nacked");
        var detail = await DetailWhenAsync(client, nacked, "REJECTED");
        var after = await SendAsync(client, "after the nack");
        await DetailWhenAsync(client, after, "DELIVERED");

        Assert.Equal(expectedDetail, detail.GetProperty("statusDetail").GetString());
        Assert.Equal(0, detail.GetProperty("partDetails").GetArrayLength());
        // The session that nacked stays bound and takes the next message; the nacked one went out once.
        Assert.Equal(2, smsc.Submits);
        Assert.Equal(1, smsc.Binds);
        Assert.Equal("after the nack", FakeSmsc.Text(Assert.Single(smsc.Accepted.ToList()).Pdu));
    }

    [Theory]
    [InlineData(CommandStatus.Throttled)]
    [InlineData(CommandStatus.MessageQueueFull)]
    public async Task A_submit_answered_by_a_throttling_generic_nack_is_sent_again_and_delivered(CommandStatus status)
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { GenericNackOnSubmit = 1, GenericNackStatus = status });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        var messageId = await SendAsync(client, "throttled by a nack");
        var detail = await DetailWhenAsync(client, messageId, "DELIVERED");

        Assert.Equal(2, smsc.Submits);
        var accepted = Assert.Single(smsc.Accepted.ToList());
        Assert.Equal("throttled by a nack", FakeSmsc.Text(accepted.Pdu));
        var part = Assert.Single(detail.GetProperty("partDetails").EnumerateArray().ToList());
        Assert.Equal(SmppMessageIds.Canonical(accepted.MessageId, SmppMessageIdFormat.Text, SmppMessageIdFormat.Text), part.GetProperty("carrierMessageId").GetString());
    }

    [Fact]
    public async Task A_generic_nack_on_the_second_part_rejects_the_long_message_naming_the_part()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { GenericNackOnSubmit = 2, GenericNackStatus = CommandStatus.Ok });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        var messageId = await SendAsync(client, string.Concat(Enumerable.Range(0, 30).Select(i => $"word {i} long ")));
        var detail = await DetailWhenAsync(client, messageId, "REJECTED");

        Assert.Equal("generic_nack ESME_ROK 0x00000000 (part 2 of 3)", detail.GetProperty("statusDetail").GetString());
        Assert.Equal(2, smsc.Submits);
    }
}
