using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Smsgw.Carriers;
using Smsgw.Carriers.Smpp;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// A long message whose later part fails is resumed, not resent: the SMSC ends with each part once, all under one
/// reference, so the handset reassembles it and every receipt matches a part.
/// </summary>
public sealed class SmppLongMessageRetryTests
{
    private const string Phone = "32470123456";

    private static readonly string LongText = string.Concat(Enumerable.Range(0, 40).Select(i => $"word {i} "));

    private static async Task<string> SendAsync(HttpClient client, object body)
    {
        var response = await client.SendJsonAsync("/v1/message/send", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("messageid").GetString()!;
    }

    private static async Task<JsonElement> DetailAsync(HttpClient client, string id) => await (await client.GetAsync($"/v1/message/{id}")).JsonAsync();

    private static bool Delivered(JsonElement detail) => detail.GetProperty("status").GetString() == "DELIVERED";

    [Fact]
    public Task A_long_message_whose_second_submit_is_never_answered_sends_only_the_missing_parts_under_the_same_reference() =>
        SendLongUntilDeliveredAsync(FakeSmscBehaviour.Happy with { DropOnSubmit = 2 });

    // Part 1 taken, then part 2 throttled past the in-place retries: the message goes back to the dispatcher.
    [Fact]
    public Task A_long_message_whose_second_part_stays_throttled_resumes_from_that_part() =>
        SendLongUntilDeliveredAsync(FakeSmscBehaviour.Happy with { ThrottleSubmits = [.. Enumerable.Range(2, 11)] });

    /// <summary>Sends the long text to an SMSC behaving so, then checks each part reached it once, under one reference.</summary>
    private static async Task SendLongUntilDeliveredAsync(FakeSmscBehaviour behaviour)
    {
        await using var smsc = new FakeSmsc(behaviour);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        using var client = gateway.Client();

        var id = await SendAsync(client, new { message = LongText, to = Phone, sender = "MyBrand" });

        var detail = await HttpJson.EventuallyAsync(() => DetailAsync(client, id), Delivered);
        await AssertEachPartOnceUnderOneReferenceAsync(smsc, gateway, detail);
    }

    [Fact]
    public async Task An_in_doubt_long_message_does_not_send_again_the_parts_the_smsc_acknowledged_before_the_crash()
    {
        var start = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(start);
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy with { DropOnSubmit = 2 });
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings(), clock);
        using var client = gateway.Client();
        var id = await SendAsync(client, new { message = LongText, to = Phone, sender = "MyBrand", date = BrusselsMinute(start.AddMinutes(10)) });

        // Play the dispatcher's first half by hand: lease, part 1 taken and recorded, part 2 unanswered, then "crash"
        // before any outcome is recorded. The lease then expires and the running dispatcher takes the message in doubt.
        var store = gateway.Service<IMessageStore>();
        var leased = Assert.Single(await store.LeaseDueAsync(start.AddMinutes(10), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        var carrier = gateway.App.Services.GetRequiredKeyedService<SmppCarrier>("smsc");
        var submission = new CarrierSubmission(leased.MessageId, leased.AccountId, leased.Sender, leased.Receiver, leased.Body, leased.Encoding, leased.Parts, leased.InDoubt)
        {
            ConcatenationReference = leased.ConcatenationReference,
            PartSubmittedAsync = part => store.RecordPartSubmittedAsync(leased.RowId, part, clock.GetUtcNow(), CancellationToken.None),
        };
        var unanswered = await HttpJson.EventuallyAsync(
            () => carrier.SubmitAsync(submission, TestContext.Current.CancellationToken),
            result => result is not CarrierSubmitResult.TryLater { InDoubt: false }); // not bound yet
        Assert.Equal(typeof(CarrierSubmitResult.TryLater), unanswered.GetType());
        Assert.True(((CarrierSubmitResult.TryLater)unanswered).InDoubt, $"{unanswered}");
        Assert.Single(smsc.Accepted);

        clock.Advance(TimeSpan.FromMinutes(10));
        var detail = await clock.AdvanceUntilAsync(TimeSpan.FromMilliseconds(500), () => DetailAsync(client, id), Delivered);
        await AssertEachPartOnceUnderOneReferenceAsync(smsc, gateway, detail);
    }

    private static async Task AssertEachPartOnceUnderOneReferenceAsync(FakeSmsc smsc, TestGateway gateway, JsonElement detail)
    {
        var accepted = smsc.Accepted.ToList();
        var parts = SmsText.Measure(LongText).Parts;
        Assert.True(parts >= 3);
        Assert.Equal(parts, accepted.Count);
        var udh = accepted.Select(a => Udh.TryReadConcatenation(a.Pdu.ShortMessage.Span, out var c) ? c : default).ToList();
        Assert.Equal(Enumerable.Range(1, parts), udh.Select(c => c.Sequence).Order());
        Assert.All(udh, c => Assert.Equal(parts, c.Total));
        Assert.Single(udh.Select(c => c.Reference).Distinct());
        Assert.Equal(LongText, string.Concat(accepted.Select((a, i) => (Text: FakeSmsc.Text(a.Pdu), udh[i].Sequence)).OrderBy(a => a.Sequence).Select(a => a.Text)));
        // Every part's id as the SMSC gave it, so each receipt matched a part.
        var partIds = detail.GetProperty("partDetails").EnumerateArray().Select(p => p.GetProperty("carrierMessageId").GetString()).ToList();
        var canonical = accepted.Select(a => SmppMessageIds.Canonical(a.MessageId, SmppMessageIdFormat.Text, SmppMessageIdFormat.Text));
        Assert.Equal(canonical.Order(StringComparer.Ordinal), partIds.Order(StringComparer.Ordinal));
        Assert.Equal(0, await gateway.Service<IMessageStore>().CountUnmatchedReceiptsAsync(TestContext.Current.CancellationToken));
    }

    private static string BrusselsMinute(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels")).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
