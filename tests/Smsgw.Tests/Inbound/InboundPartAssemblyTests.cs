using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Smsgw.Accounts;
using Smsgw.Inbound;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Smpp;
using Smsgw.Tests.Support;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Inbound;

/// <summary>
/// Long inbound messages whose key (sender, receiver, 8/16-bit reference, total) comes back: a new message reusing a
/// finished one's reference, and a late part meeting the timeout that gives up on it.
/// </summary>
public sealed class InboundPartAssemblyTests
{
    private const string Mobile = "32470123456";
    private const string Number = "3225551234";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private static async Task<List<string>> InboxTextsAsync(TestGateway gateway)
    {
        using var client = gateway.Client();
        var inbox = await (await client.GetAsync("/v1/message/inbox?limit=2000")).JsonAsync();
        return [.. inbox.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetString()!)];
    }

    private static async Task<AccountId> AssignAsync(TestGateway gateway)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(NumberAssignment.Assigned, await gateway.Service<NumberAdministration>().AssignAsync(Number, gateway.Demo!.Name, ct));
        return (await gateway.Service<INumberStore>().FindOwnerAsync(Number, ct))!.Value;
    }

    [Fact]
    public async Task A_new_message_reusing_a_finished_messages_reference_is_stored_and_a_part_of_the_finished_one_delivered_again_is_not()
    {
        await using var smsc = new FakeSmsc(FakeSmscBehaviour.Happy);
        await using var gateway = await TestGateway.StartAsync(smsc.GatewaySettings());
        await AssignAsync(gateway);
        Task<CommandStatus> DeliverAsync(string text, int sequence) =>
            smsc.DeliverAsync(FakeSmsc.Mo(Mobile, Number, text, new Concatenation(ConcatenationReference.EightBit, 42, 2, sequence)));

        Assert.Equal(CommandStatus.Ok, await DeliverAsync("first message, ", 1));
        Assert.Equal(CommandStatus.Ok, await DeliverAsync("part two.", 2));
        Assert.Equal(CommandStatus.Ok, await DeliverAsync("part two.", 2)); // our response lost: delivered again
        // The handset's 8-bit reference came round: the same key, another message.
        Assert.Equal(CommandStatus.Ok, await DeliverAsync("second message, ", 1));
        Assert.Equal(CommandStatus.Ok, await DeliverAsync("its end.", 2));

        Assert.Equal(["first message, part two.", "second message, its end."], (await InboxTextsAsync(gateway)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_late_part_and_the_timeout_at_the_same_moment_lose_no_part_and_store_none_twice()
    {
        const int Messages = 20;
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(timeProvider: clock);
        var account = await AssignAsync(gateway);
        var assembler = gateway.Service<InboundPartAssembler>();
        var ct = TestContext.Current.CancellationToken;
        InboundPart Part(int message, int partNo) =>
            new("smsc", Mobile, Number, message, 3, partNo, account, string.Create(CultureInfo.InvariantCulture, $"<{message}.{partNo}>"), clock.GetUtcNow());
        for (var m = 0; m < Messages; m++)
        {
            await assembler.AddAsync(Part(m, 1), ct);
            await assembler.AddAsync(Part(m, 3), ct);
        }
        clock.Advance(Timeout + TimeSpan.FromSeconds(1));

        // Part 2 of every message arrives while the timeout flushes them all.
        await Task.WhenAll([assembler.FlushExpiredAsync(Timeout, Messages, ct), .. Enumerable.Range(0, Messages).Select(m => assembler.AddAsync(Part(m, 2), ct))]);
        // A part that came after its message was flushed was kept as the start of another: its own timeout stores it.
        clock.Advance(Timeout + TimeSpan.FromSeconds(1));
        await assembler.FlushExpiredAsync(Timeout, Messages, ct);

        var texts = await InboxTextsAsync(gateway);
        for (var m = 0; m < Messages; m++)
        {
            foreach (var partNo in new[] { 1, 2, 3 })
            {
                var text = $"<{m}.{partNo}>";
                Assert.True(texts.Count(t => t.Contains(text, StringComparison.Ordinal)) == 1, $"{text} in {string.Join(" | ", texts)}");
            }
        }
    }

    [Fact]
    public async Task The_timeout_stores_nothing_for_a_message_a_late_part_completed_after_it_was_listed()
    {
        var clock = FakeClock.AtNow();
        await using var gateway = await TestGateway.StartAsync(timeProvider: clock);
        var account = await AssignAsync(gateway);
        var assembler = gateway.Service<InboundPartAssembler>();
        var store = gateway.Service<IInboundPartStore>();
        var ct = TestContext.Current.CancellationToken;
        InboundPart Part(int partNo) => new("smsc", Mobile, Number, 9, 2, partNo, account, $"<{partNo}>", clock.GetUtcNow());
        await assembler.AddAsync(Part(1), ct);
        clock.Advance(Timeout + TimeSpan.FromSeconds(1));
        var listed = Assert.Single(await store.ListExpiredAsync(clock.GetUtcNow() - Timeout, 10, ct));

        await assembler.AddAsync(Part(2), ct);
        var flushed = await store.FlushAsync(listed[0], clock.GetUtcNow() - Timeout, clock.GetUtcNow(),
            parts => new NewInboundMessage(account, Mobile, Number, "must not be stored", clock.GetUtcNow(), "flush", []), ct);

        Assert.Null(flushed);
        Assert.Equal(["<1><2>"], await InboxTextsAsync(gateway));
    }
}
