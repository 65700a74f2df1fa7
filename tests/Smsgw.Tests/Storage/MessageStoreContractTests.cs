using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Storage;

/// <summary>
/// Store behaviour written once against <see cref="IMessageStore"/>: the SQLite file today; the PostgreSQL store
/// will run the same class.
/// </summary>
public sealed class MessageStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = TestGateway.NewDataDirectory();
    private ServiceProvider _services = null!;
    private IMessageStore _store = null!;
    private AccountId _account;

    public async ValueTask InitializeAsync()
    {
        _services = await TestStorage.OpenStoresAsync(_directory);
        _store = _services.GetRequiredService<IMessageStore>();
        var account = await _services.GetRequiredService<IAccountStore>().CreateAsync("store-test", "client", [1, 2, 3], Now, TestContext.Current.CancellationToken);
        _account = account!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        TestGateway.TryDelete(_directory);
    }

    private async Task<LeasedMessage> AcceptAndLeaseAsync(string receiver = "32470123456", int parts = 1)
    {
        var message = new NewOutboundMessage(MessageId.New(Now), receiver, "MyBrand", "body", null, null, SmsEncoding.Gsm7, parts, Now, null, Now, Now.AddDays(1));
        Assert.IsType<AcceptResult.Stored>(await _store.InsertAcceptedAsync(_account, [message], null, TestContext.Current.CancellationToken));
        return Assert.Single(await _store.LeaseDueAsync(Now, TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
    }

    private async Task<StoredMessage> ReadAsync(string messageId) =>
        (await _store.GetOutboundAsync(_account, messageId, TestContext.Current.CancellationToken))!.Value.Message;

    private Task<IReadOnlyList<ReceiptMatch>> ReceiptAsync(string carrierId, MessageStatus status) =>
        _store.ApplyDeliveryReceiptsAsync([new DeliveryReceipt("sim", carrierId, status, null, Now.AddSeconds(5))], TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_leased_message_is_not_leased_again_until_its_lease_expires_and_then_it_is_in_doubt()
    {
        await AcceptAndLeaseAsync();
        Assert.Empty(await _store.LeaseDueAsync(Now.AddSeconds(29), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        var again = Assert.Single(await _store.LeaseDueAsync(Now.AddSeconds(31), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        Assert.True(again.InDoubt);
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public async Task A_renewed_lease_is_not_taken_again_and_only_the_attempt_holding_a_lease_can_renew_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var leased = await AcceptAndLeaseAsync();
        // Another attempt's renewal (one that lost this lease earlier) moves nothing.
        await _store.RenewLeasesAsync([(leased.RowId, leased.Attempts + 1)], Now.AddMinutes(10), ct);
        Assert.Single(await _store.LeaseDueAsync(Now.AddSeconds(31), TimeSpan.FromSeconds(30), 10, ct));

        var other = await AcceptAndLeaseAsync("32470123457");
        await _store.RenewLeasesAsync([(other.RowId, other.Attempts)], Now.AddMinutes(10), ct);
        // (The first message's second lease ended at 61 s: it is due again by then.)
        Assert.DoesNotContain(await _store.LeaseDueAsync(Now.AddMinutes(9), TimeSpan.FromSeconds(30), 10, ct), m => m.RowId == other.RowId);
        Assert.Contains(await _store.LeaseDueAsync(Now.AddMinutes(11), TimeSpan.FromSeconds(30), 10, ct), m => m.RowId == other.RowId);
    }

    [Fact]
    public async Task A_receipt_is_applied_once_even_when_it_arrives_twice()
    {
        var leased = await AcceptAndLeaseAsync();
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(leased.RowId, leased.Attempts, "sim", ["c1"])], Now, TestContext.Current.CancellationToken);
        Assert.Equal([ReceiptMatch.Applied], await ReceiptAsync("c1", MessageStatus.Delivered));
        Assert.Equal([ReceiptMatch.AlreadyApplied], await ReceiptAsync("c1", MessageStatus.Delivered));
        // A late non-final receipt never moves a final status back.
        Assert.Equal([ReceiptMatch.AlreadyApplied], await ReceiptAsync("c1", MessageStatus.Buffered));
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(leased.MessageId)).Status);
    }

    [Fact]
    public async Task A_receipt_that_arrives_before_the_submit_is_recorded_is_kept_and_applied_when_the_part_appears()
    {
        var leased = await AcceptAndLeaseAsync();
        Assert.Equal([ReceiptMatch.Unmatched], await ReceiptAsync("early", MessageStatus.Delivered));
        Assert.Equal(1, await _store.CountUnmatchedReceiptsAsync(TestContext.Current.CancellationToken));
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(leased.RowId, leased.Attempts, "sim", ["early"])], Now, TestContext.Current.CancellationToken);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(leased.MessageId)).Status);
        Assert.Equal(0, await _store.CountUnmatchedReceiptsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_one_part_message_keeps_its_carrier_id_on_its_row_and_one_recorded_in_a_part_row_before_that_still_matches()
    {
        var ct = TestContext.Current.CancellationToken;
        var current = await AcceptAndLeaseAsync();
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(current.RowId, current.Attempts, "sim", ["row-1"])], Now, ct);
        Assert.Equal(0, await TestStorage.CountAsync(_directory, $"SELECT COUNT(*) FROM message_parts WHERE message_rowid = {current.RowId}"));
        Assert.Equal([ReceiptMatch.Applied], await _store.ApplyDeliveryReceiptsAsync([new DeliveryReceipt("sim", "row-1", MessageStatus.NotDelivered, "001", Now.AddSeconds(5))], ct));
        var (message, parts) = (await _store.GetOutboundAsync(_account, current.MessageId, ct))!.Value;
        Assert.Equal(MessageStatus.NotDelivered, message.Status);
        var part = Assert.Single(parts);
        Assert.Equal((1, "sim", "row-1", MessageStatus.NotDelivered, "001"), (part.PartNo, part.Carrier, part.CarrierMessageId, part.Status, part.ErrorCode));

        // As the store recorded a one-part message before carrier_message_id existed: a message_parts row of its own.
        var earlier = await AcceptAndLeaseAsync("32470123457");
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(earlier.RowId, earlier.Attempts, "sim", ["part-1"])], Now, ct);
        await TestStorage.QueryAsync(_directory, $"UPDATE messages SET carrier_message_id = NULL WHERE id = {earlier.RowId}");
        await TestStorage.QueryAsync(_directory, $"INSERT INTO message_parts (message_rowid, part_no, carrier, carrier_message_id, status, updated_at) VALUES ({earlier.RowId}, 1, 'sim', 'part-1', {(int)MessageStatus.Submitted}, 0)");
        Assert.Equal([ReceiptMatch.Applied], await ReceiptAsync("part-1", MessageStatus.Delivered));
        Assert.Equal([ReceiptMatch.AlreadyApplied], await ReceiptAsync("part-1", MessageStatus.Delivered));
        (message, parts) = (await _store.GetOutboundAsync(_account, earlier.MessageId, ct))!.Value;
        Assert.Equal(MessageStatus.Delivered, message.Status);
        Assert.Equal(("part-1", MessageStatus.Delivered), (Assert.Single(parts).CarrierMessageId, parts[0].Status));
    }

    [Fact]
    public async Task Receipts_that_all_came_before_a_one_submit_record_are_applied_in_their_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var leased = await AcceptAndLeaseAsync();
        Assert.Equal([ReceiptMatch.Unmatched], await ReceiptAsync("early-2", MessageStatus.Buffered));
        Assert.Equal([ReceiptMatch.Unmatched], await ReceiptAsync("early-2", MessageStatus.Delivered));
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(leased.RowId, leased.Attempts, "sim", ["early-2"])], Now, ct);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(leased.MessageId)).Status);
        Assert.Equal(0, await _store.CountUnmatchedReceiptsAsync(ct));
        // Applied in order: a late Buffered never moves the final status back.
        Assert.Equal([ReceiptMatch.AlreadyApplied], await ReceiptAsync("early-2", MessageStatus.Buffered));
    }

    [Fact]
    public async Task A_long_message_whose_earlier_attempt_recorded_parts_keeps_its_one_submit_id_with_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var leased = await AcceptAndLeaseAsync(parts: 2);
        await _store.RecordPartSubmittedAsync(leased.RowId, new SubmittedPart(1, "sim", "long-1"), Now, ct);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(leased.RowId, leased.Attempts, "sim", ["long-1"]) { PartsRecordedBefore = true }], Now, ct);
        Assert.Equal(0, await TestStorage.CountAsync(_directory, $"SELECT COUNT(*) FROM messages WHERE id = {leased.RowId} AND carrier_message_id IS NOT NULL"));
        Assert.Equal([ReceiptMatch.Applied], await ReceiptAsync("long-1", MessageStatus.Delivered));
        var parts = (await _store.GetOutboundAsync(_account, leased.MessageId, ct))!.Value.Parts;
        Assert.Equal(("long-1", MessageStatus.Delivered), (Assert.Single(parts).CarrierMessageId, parts[0].Status));
    }

    [Fact]
    public async Task Status_changes_wake_the_webhook_sender_only_when_a_webhook_takes_their_reports()
    {
        var ct = TestContext.Current.CancellationToken;
        var signal = _services.GetRequiredService<Smsgw.Webhooks.WebhookSignal>();
        var woken = signal.WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, ct);
        var quiet = await AcceptAndLeaseAsync();
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(quiet.RowId, quiet.Attempts, "sim", ["quiet-1"])], Now, ct);
        Assert.Equal([ReceiptMatch.Applied], await ReceiptAsync("quiet-1", MessageStatus.Delivered));
        await Task.Delay(200, ct);
        Assert.False(woken.IsCompleted, "status changes with no webhook listening woke the sender");

        await _services.GetRequiredService<IWebhookStore>().CreateAsync(_account, "hook", "https://example.com/h", "POST", ["delivery_report"], "secret", 20, Now, ct);
        var heard = await AcceptAndLeaseAsync("32470123457");
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(heard.RowId, heard.Attempts, "sim", ["heard-1"])], Now, ct);
        await woken.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    [Fact]
    public async Task A_dispatcher_that_outlived_its_lease_cannot_move_back_a_finished_message()
    {
        var first = await AcceptAndLeaseAsync();
        var second = Assert.Single(await _store.LeaseDueAsync(Now.AddMinutes(1), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(second.RowId, second.Attempts, "sim", ["c9"])], Now, TestContext.Current.CancellationToken);
        await ReceiptAsync("c9", MessageStatus.Delivered);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Retry(first.RowId, first.Attempts, Now.AddMinutes(5), "late", false)], Now, TestContext.Current.CancellationToken);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(first.RowId, first.Attempts, "sim", ["c9"])], Now, TestContext.Current.CancellationToken);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(first.MessageId)).Status);
        Assert.Empty(await _store.LeaseDueAsync(Now.AddHours(1), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_dispatcher_that_outlived_its_lease_cannot_override_the_one_that_took_over_even_when_it_answers_first()
    {
        var stale = await AcceptAndLeaseAsync();
        var current = Assert.Single(await _store.LeaseDueAsync(Now.AddMinutes(1), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        await _store.RecordOutcomesAsync([new DispatchOutcome.Failed(stale.RowId, stale.Attempts, "sim", MessageStatus.Expired, "stale")], Now, TestContext.Current.CancellationToken);
        Assert.Equal(MessageStatus.Submitting, (await ReadAsync(stale.MessageId)).Status);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(current.RowId, current.Attempts, "sim", ["c7"])], Now, TestContext.Current.CancellationToken);
        await ReceiptAsync("c7", MessageStatus.Delivered);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(stale.MessageId)).Status);
    }

    [Fact]
    public async Task A_retry_of_an_in_doubt_message_keeps_it_in_doubt_and_not_cancellable()
    {
        await AcceptAndLeaseAsync();
        var inDoubt = Assert.Single(await _store.LeaseDueAsync(Now.AddMinutes(1), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        Assert.True(inDoubt.InDoubt);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Retry(inDoubt.RowId, inDoubt.Attempts, Now.AddMinutes(2), "carrier down", InDoubt: true)], Now, TestContext.Current.CancellationToken);
        Assert.Equal(CancelResult.TooLate, await _store.CancelAsync(_account, inDoubt.MessageId, Now, TestContext.Current.CancellationToken));
        var again = Assert.Single(await _store.LeaseDueAsync(Now.AddMinutes(3), TimeSpan.FromSeconds(30), 10, TestContext.Current.CancellationToken));
        Assert.True(again.InDoubt);
    }

    [Fact]
    public async Task A_webhook_event_waiting_behind_its_messages_earlier_event_is_not_reported_due()
    {
        var webhooks = _services.GetRequiredService<IWebhookStore>();
        var ct = TestContext.Current.CancellationToken;
        await webhooks.CreateAsync(_account, "hook", "https://example.com/h", "POST", ["delivery_report"], "secret", 20, Now, ct);
        var leased = await AcceptAndLeaseAsync();
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(leased.RowId, leased.Attempts, "sim", ["w1"])], Now, ct);
        var first = Assert.Single(await webhooks.LeaseDueAsync(Now, TimeSpan.FromMinutes(1), 10, [], ct));
        await ReceiptAsync("w1", MessageStatus.Delivered); // a second event, behind the first
        Assert.Empty(await webhooks.LeaseDueAsync(Now.AddSeconds(1), TimeSpan.FromMinutes(1), 10, [], ct));
        await webhooks.RecordAttemptsAsync([new WebhookAttempt.Failed(first.RowId, first.LeaseToken, Now, 500, "no", Now.AddMinutes(10), Counted: true)], ct);
        // Due is the first event's retry, not the second's creation (which would make a sender spin).
        Assert.Equal(Now.AddMinutes(10), await webhooks.NextDueAsync([], ct));
        Assert.Empty(await webhooks.LeaseDueAsync(Now.AddMinutes(5), TimeSpan.FromMinutes(1), 10, [], ct));
        var retried = await webhooks.LeaseDueAsync(Now.AddMinutes(10), TimeSpan.FromMinutes(1), 10, [], ct);
        Assert.Equal([first.RowId], retried.Select(e => e.RowId));
        // An attempt recorded under a lease that is no longer the event's changes nothing.
        await webhooks.RecordAttemptsAsync([new WebhookAttempt.Delivered(first.RowId, first.LeaseToken, Now, 200)], ct);
        Assert.Equal(WebhookEventState.Pending, (await webhooks.RecentEventsAsync(_account, "hook", null, 10, ct)).Single(e => e.RowId == first.RowId).State);
    }

    [Fact]
    public async Task Webhooks_per_account_are_capped_and_only_finished_events_past_retention_are_purged()
    {
        var webhooks = _services.GetRequiredService<IWebhookStore>();
        var ct = TestContext.Current.CancellationToken;
        Assert.NotNull(await webhooks.CreateAsync(_account, "hook", "https://example.com/h", "POST", ["delivery_report"], "s1", 2, Now, ct));
        Assert.NotNull(await webhooks.CreateAsync(_account, "hook2", "https://example.com/h2", "POST", ["inbox_message"], "s2", 2, Now, ct));
        Assert.Null(await webhooks.CreateAsync(_account, "hook3", "https://example.com/h3", "POST", ["delivery_report"], "s3", 2, Now, ct));
        Assert.True(await webhooks.DeleteAsync(_account, "s2", Now, ct));
        Assert.NotNull(await webhooks.CreateAsync(_account, "hook3", "https://example.com/h3", "POST", ["inbox_message"], "s3", 2, Now, ct));

        // Three events on "hook": the submitted report delivered, the final one dead, one more still pending.
        for (var i = 0; i < 3; i++)
        {
            var leased = await AcceptAndLeaseAsync($"3247012345{i}");
            await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(leased.RowId, leased.Attempts, "sim", [$"r{i}"])], Now, ct);
        }
        var events = await webhooks.LeaseDueAsync(Now, TimeSpan.FromMinutes(1), 10, [], ct);
        Assert.Equal(3, events.Count);
        await webhooks.RecordAttemptsAsync([
            new WebhookAttempt.Delivered(events[0].RowId, events[0].LeaseToken, Now, 200),
            new WebhookAttempt.Dead(events[1].RowId, events[1].LeaseToken, Now, 500, "gone"),
            new WebhookAttempt.Failed(events[2].RowId, events[2].LeaseToken, Now, 500, "later", Now.AddDays(90), Counted: true)], ct);

        Assert.Equal(0, await webhooks.PurgeFinishedEventsAsync(Now, 10, ct)); // created at Now: not before it
        Assert.Equal(1, await webhooks.PurgeFinishedEventsAsync(Now.AddDays(1), 1, ct)); // chunked
        Assert.Equal(1, await webhooks.PurgeFinishedEventsAsync(Now.AddDays(1), 10, ct));
        Assert.Equal(0, await webhooks.PurgeFinishedEventsAsync(Now.AddDays(1), 10, ct));
        var left = Assert.Single(await webhooks.RecentEventsAsync(_account, "hook", null, 10, ct));
        Assert.Equal(events[2].RowId, left.RowId);
        Assert.Equal(WebhookEventState.Pending, left.State);
    }

    [Fact]
    public async Task A_receipt_for_no_message_is_kept_not_dropped()
    {
        Assert.Equal([ReceiptMatch.Unmatched], await ReceiptAsync("nobody", MessageStatus.Delivered));
        Assert.Equal(1, await _store.CountUnmatchedReceiptsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_long_message_is_delivered_only_when_every_part_is_and_fails_with_its_first_failed_part()
    {
        var delivered = await AcceptAndLeaseAsync(parts: 3);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(delivered.RowId, delivered.Attempts, "sim", ["p1", "p2", "p3"])], Now, TestContext.Current.CancellationToken);
        await ReceiptAsync("p1", MessageStatus.Delivered);
        await ReceiptAsync("p3", MessageStatus.Delivered);
        Assert.Equal(MessageStatus.Submitted, (await ReadAsync(delivered.MessageId)).Status);
        await ReceiptAsync("p2", MessageStatus.Buffered);
        Assert.Equal(MessageStatus.Buffered, (await ReadAsync(delivered.MessageId)).Status);
        await ReceiptAsync("p2", MessageStatus.Delivered);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(delivered.MessageId)).Status);

        var failed = await AcceptAndLeaseAsync("32470654321", parts: 2);
        await _store.RecordOutcomesAsync([new DispatchOutcome.Submitted(failed.RowId, failed.Attempts, "sim", ["q1", "q2"])], Now, TestContext.Current.CancellationToken);
        await ReceiptAsync("q1", MessageStatus.Delivered);
        await ReceiptAsync("q2", MessageStatus.NotDelivered);
        Assert.Equal(MessageStatus.NotDelivered, (await ReadAsync(failed.MessageId)).Status);
    }

    [Fact]
    public async Task A_batch_of_outcomes_and_receipts_is_applied_as_if_one_by_one_in_its_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var webhooks = _services.GetRequiredService<IWebhookStore>();
        await webhooks.CreateAsync(_account, "hook", "https://example.com/h", "POST", ["delivery_report"], "secret", 20, Now, ct);
        var accepted = Enumerable.Range(0, 5)
            .Select(i => new NewOutboundMessage(MessageId.New(Now), $"3247000000{i}", "MyBrand", "body", null, null, SmsEncoding.Gsm7, i == 4 ? 2 : 1, Now, null, Now, Now.AddDays(1)))
            .ToList();
        Assert.IsType<AcceptResult.Stored>(await _store.InsertAcceptedAsync(_account, accepted, null, ct));
        var leased = (await _store.LeaseDueAsync(Now, TimeSpan.FromSeconds(30), 10, ct)).OrderBy(m => m.RowId).ToList();
        Assert.Equal(5, leased.Count);
        // One message's outcome came from a dispatcher whose lease ended: the batch's others are still recorded.
        var stale = leased[3] with { Attempts = leased[3].Attempts - 1 };
        Assert.Equal([ReceiptMatch.Unmatched], await ReceiptAsync("b0", MessageStatus.Buffered)); // before its submit
        await _store.RecordOutcomesAsync(
        [
            .. leased.Take(3).Select((m, i) => new DispatchOutcome.Submitted(m.RowId, m.Attempts, "sim", [$"b{i}"])),
            new DispatchOutcome.Submitted(stale.RowId, stale.Attempts, "sim", ["b3"]),
            new DispatchOutcome.Submitted(leased[4].RowId, leased[4].Attempts, "sim", ["l1", "l2"]),
        ], Now, ct);
        Assert.Equal(MessageStatus.Buffered, (await ReadAsync(leased[0].MessageId)).Status);
        Assert.Equal(MessageStatus.Submitting, (await ReadAsync(leased[3].MessageId)).Status);

        var receipts = new (string Id, MessageStatus Status)[]
        {
            ("b0", MessageStatus.Delivered),
            ("b1", MessageStatus.Buffered), ("b1", MessageStatus.Delivered), // moves on twice in one batch
            ("b2", MessageStatus.NotDelivered), ("b2", MessageStatus.Buffered), // a final status stays
            ("l1", MessageStatus.Delivered), ("l2", MessageStatus.Delivered), // both parts at once
            ("b3", MessageStatus.Delivered), // names a part never recorded
            ("b0", MessageStatus.Delivered), // a repeat
        };
        // Each receipt a second after the one before it: a report carries its own receipt's time.
        var matches = await _store.ApplyDeliveryReceiptsAsync([.. receipts.Select((r, i) => new DeliveryReceipt("sim", r.Id, r.Status, r.Status == MessageStatus.NotDelivered ? "001" : null, Now.AddSeconds(5 + i)))], ct);
        Assert.Equal(
            [ReceiptMatch.Applied, ReceiptMatch.Applied, ReceiptMatch.Applied, ReceiptMatch.Applied, ReceiptMatch.AlreadyApplied,
             ReceiptMatch.Applied, ReceiptMatch.Applied, ReceiptMatch.Unmatched, ReceiptMatch.AlreadyApplied],
            matches);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(leased[0].MessageId)).Status);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(leased[1].MessageId)).Status);
        var failed = await ReadAsync(leased[2].MessageId);
        Assert.Equal(MessageStatus.NotDelivered, failed.Status);
        Assert.Equal("001", failed.StatusDetail);
        Assert.Equal(MessageStatus.Delivered, (await ReadAsync(leased[4].MessageId)).Status);
        Assert.Equal(1, await _store.CountUnmatchedReceiptsAsync(ct)); // b3's; b0's early one was applied and forgotten
        // A report per change: the outcome's 4 (submitted) and b0's early one (buffered), then b0 delivered, b1
        // buffered and delivered, b2 not delivered, the long message delivered.
        var events = await webhooks.RecentEventsAsync(_account, "hook", null, 100, ct);
        Assert.Equal(10, events.Count);
        var b1 = events.Where(e => e.Message.RowId == leased[1].RowId).OrderBy(e => e.RowId).ToList();
        Assert.Equal([MessageStatus.Submitted, MessageStatus.Buffered, MessageStatus.Delivered], b1.Select(e => e.Status));
        Assert.Equal([Now, Now.AddSeconds(6), Now.AddSeconds(7)], b1.Select(e => e.CreatedAt));
    }

    private static NewOutboundMessage Numbered(int i) =>
        new(MessageId.New(Now), $"3247000000{i % 3}", "MyBrand", $"m{i}", null, null, SmsEncoding.Gsm7, 1, Now, null, Now, Now.AddDays(1));

    [Fact]
    public async Task Concurrent_sends_get_dense_sequences_and_one_idempotency_key_stores_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = new IdempotencyRecord("k1", [9, 9], "{\"first\":true}", Now, Now.AddDays(-1));
        var sends = Enumerable.Range(0, 300)
            .Select(i => _store.InsertAcceptedAsync(_account, [Numbered(i), Numbered(i + 300)], i % 100 == 0 ? key : null, ct))
            .ToList();
        var results = await Task.WhenAll(sends);
        // Three requests carried the key: one stored its two messages, the others replay its answer.
        Assert.Equal(298, results.Count(r => r is AcceptResult.Stored));
        Assert.Equal(2, results.Count(r => r is AcceptResult.Replayed { Response: "{\"first\":true}" }));
        await AssertNumberedInRequestOrderAsync(_account, [.. results.Select((r, i) => i).Where(i => results[i] is AcceptResult.Stored && i % 100 != 0)], 596);
    }

    /// <summary>Without idempotency keys PostgreSQL stores a commit of sends as one statement: the same numbers.</summary>
    [Fact]
    public async Task Concurrent_sends_of_two_accounts_without_keys_get_dense_sequences_in_request_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var other = (await _services.GetRequiredService<IAccountStore>().CreateAsync("store-test-2", "client-2", [4, 5, 6], Now, ct))!.Id;
        var results = await Task.WhenAll(Enumerable.Range(0, 300)
            .Select(i => _store.InsertAcceptedAsync(i % 2 == 0 ? _account : other, [Numbered(i), Numbered(i + 300)], null, ct)));
        Assert.All(results, r => Assert.IsType<AcceptResult.Stored>(r));
        await AssertNumberedInRequestOrderAsync(_account, [.. Enumerable.Range(0, 300).Where(i => i % 2 == 0)], 300);
        await AssertNumberedInRequestOrderAsync(other, [.. Enumerable.Range(0, 300).Where(i => i % 2 == 1)], 300);
    }

    /// <summary>
    /// The account's history and its conversations with the three peers are numbered 1..total, none twice, and each
    /// request's two messages (m{i}, m{i + 300}, to one peer) keep their order in both.
    /// </summary>
    private async Task AssertNumberedInRequestOrderAsync(AccountId account, List<int> requests, int total)
    {
        var ct = TestContext.Current.CancellationToken;
        var history = await _store.GetListAsync(account, MessageDirection.Outbound, 1, 1000, ct);
        Assert.Equal(total, history.Total);
        Assert.Equal(Enumerable.Range(1, total).Select(n => (long)n), history.Items.Select(m => m.ListSeq).Order());
        var byBody = history.Items.ToDictionary(m => m.Body, m => m.ListSeq);
        Assert.All(requests, i => Assert.True(byBody[$"m{i}"] < byBody[$"m{i + 300}"]));
        var inConversations = 0L;
        for (var peer = 0; peer < 3; peer++)
        {
            // A page of the whole conversation holds exactly its total: its numbers are dense, none given twice.
            var conversation = await _store.GetConversationAsync(account, $"3247000000{peer}", 1, 1000, ct);
            Assert.Equal(conversation.Total, conversation.Items.Count);
            inConversations += conversation.Total;
            var position = conversation.Items.Select((m, i) => (m.Body, i)).ToDictionary(x => x.Body, x => x.i);
            Assert.All(requests.Where(i => i % 3 == peer), i => Assert.True(position[$"m{i + 300}"] < position[$"m{i}"]));
        }
        Assert.Equal(total, inConversations);
    }

    [Fact]
    public async Task A_repeated_inbound_delivery_with_the_same_external_id_is_stored_once()
    {
        var first = await _store.InsertInboundAsync(new NewInboundMessage(_account, "32470123456", "MyBrand", "hi", Now, "ext-1", []), TestContext.Current.CancellationToken);
        var second = await _store.InsertInboundAsync(new NewInboundMessage(_account, "32470123456", "MyBrand", "hi", Now, "ext-1", []), TestContext.Current.CancellationToken);
        Assert.True(first.Inserted);
        Assert.False(second.Inserted);
        Assert.Equal(first.RowId, second.RowId);
        Assert.Equal(1, (await _store.GetListAsync(_account, MessageDirection.Inbound, 1, 10, TestContext.Current.CancellationToken)).Total);
    }

    [Fact]
    public async Task Pages_are_index_ranges_over_a_dense_sequence()
    {
        Assert.Equal((16L, 25L), SequencePage.Range(25, 1, 10));
        Assert.Equal((1L, 5L), SequencePage.Range(25, 3, 10));
        Assert.True(SequencePage.Range(25, 4, 10).From > SequencePage.Range(25, 4, 10).To);
        Assert.True(SequencePage.Range(0, 1, 10).From > SequencePage.Range(0, 1, 10).To);
        Assert.Equal((25L, 25L), SequencePage.Range(25, 1, 1));
        Assert.True(SequencePage.Range(25, int.MaxValue, 2000).From > SequencePage.Range(25, int.MaxValue, 2000).To);

        for (var i = 0; i < 7; i++)
        {
            await _store.InsertInboundAsync(new NewInboundMessage(_account, "32470123456", "MyBrand", $"m{i}", Now.AddSeconds(i), null, []), TestContext.Current.CancellationToken);
        }
        var page = await _store.GetConversationAsync(_account, "32470123456", 2, 3, TestContext.Current.CancellationToken);
        Assert.Equal(7, page.Total);
        Assert.Equal(["m3", "m2", "m1"], page.Items.Select(m => m.Body));
    }
}
