using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests;

/// <summary>
/// Two nodes' stores (each its own writer and pool) on one PostgreSQL database, racing on purpose: what a single
/// SQLite writer gets by construction must hold here through row locks, SKIP LOCKED and per-key locks.
/// </summary>
public sealed class ConcurrentNodesStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = TestGateway.NewDataDirectory();
    private readonly ServiceProvider[] _nodes = new ServiceProvider[2];
    private AccountId _account;

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            _nodes[i] = await TestStorage.OpenStoresAsync(_directory);
        }
        _account = (await Store<IAccountStore>(0).CreateAsync("race", "race", [1], Now, TestContext.Current.CancellationToken))!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
        TestGateway.TryDelete(_directory);
    }

    private T Store<T>(int node) where T : notnull => _nodes[node].GetRequiredService<T>();

    private static NewOutboundMessage Message(int n) =>
        new(MessageId.New(Now), $"3247{n:0000000}", "Race", "body", null, null, SmsEncoding.Gsm7, 1, Now, null, Now, Now.AddDays(1));

    [Fact]
    public async Task Two_nodes_leasing_at_once_never_lease_the_same_message()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 2000; i += 200)
        {
            await Store<IMessageStore>(i / 200 % 2).InsertAcceptedAsync(_account, [.. Enumerable.Range(i, 200).Select(Message)], null, ct);
        }
        var leases = await Task.WhenAll(Enumerable.Range(0, 2).Select(node => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await Store<IMessageStore>(node).LeaseDueAsync(Now, TimeSpan.FromMinutes(1), 50, ct) is { Count: > 0 } batch)
            {
                mine.AddRange(batch.Select(m => m.RowId));
            }
            return mine;
        }, ct)));
        Assert.Empty(leases[0].Intersect(leases[1]));
        Assert.Equal(2000, leases[0].Count + leases[1].Count);
        Assert.True(leases[0].Count > 0 && leases[1].Count > 0, "both nodes took work");
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_to_two_nodes_at_once_stores_the_messages_once()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 40; round++)
        {
            var record = new IdempotencyRecord($"key-{round}", [1, 2, 3], "{\"messageid\":\"x\"}", Now, Now.AddDays(-1));
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(node =>
                Store<IMessageStore>(node).InsertAcceptedAsync(_account, [Message(round * 2 + node)], record, ct)));
            Assert.Single(results, r => r is AcceptResult.Stored);
            Assert.Single(results, r => r is AcceptResult.Replayed);
        }
        Assert.Equal(40, (await Store<IMessageStore>(0).GetListAsync(_account, MessageDirection.Outbound, 1, 1000, ct)).Total);
    }

    [Fact]
    public async Task The_same_inbound_delivery_on_two_nodes_at_once_is_stored_once()
    {
        var ct = TestContext.Current.CancellationToken;
        for (var round = 0; round < 40; round++)
        {
            var message = new NewInboundMessage(_account, "32470999888", "32470000001", $"hello {round}", Now, $"ext-{round}", []);
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(node => Store<IMessageStore>(node).InsertInboundAsync(message, ct)));
            Assert.Single(results, r => r.Inserted);
            Assert.Equal(results[0].RowId, results[1].RowId);
        }
        var inbox = await Store<IMessageStore>(1).GetListAsync(_account, MessageDirection.Inbound, 1, 1000, ct);
        Assert.Equal(40, inbox.Total);
        Assert.Equal(40, inbox.Items.Count);
    }

    [Fact]
    public async Task A_receipt_arriving_on_one_node_while_another_records_its_submit_is_always_matched()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Messages = 200;
        await Store<IMessageStore>(0).InsertAcceptedAsync(_account, [.. Enumerable.Range(0, Messages).Select(Message)], null, ct);
        var leased = await Store<IMessageStore>(0).LeaseDueAsync(Now, TimeSpan.FromMinutes(1), Messages, ct);
        Assert.Equal(Messages, leased.Count);
        await Task.WhenAll(leased.Select((m, i) => Task.Run(async () =>
        {
            var submit = Store<IMessageStore>(0).RecordOutcomesAsync([new DispatchOutcome.Submitted(m.RowId, m.Attempts, "smpp", [$"c{i}"])], Now, ct);
            var receipt = Store<IMessageStore>(1).ApplyDeliveryReceiptsAsync([new DeliveryReceipt("smpp", $"c{i}", MessageStatus.Delivered, null, Now)], ct);
            await Task.WhenAll(submit, receipt);
        }, ct)));
        var history = await Store<IMessageStore>(1).GetListAsync(_account, MessageDirection.Outbound, 1, 1000, ct);
        Assert.All(history.Items, m => Assert.Equal(MessageStatus.Delivered, m.Status));
        Assert.Equal(0, await Store<IMessageStore>(0).CountUnmatchedReceiptsAsync(ct));
    }

    [Fact]
    public async Task Two_nodes_each_applying_one_part_of_a_long_message_leave_it_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        const int Messages = 200;
        await Store<IMessageStore>(0).InsertAcceptedAsync(_account, [.. Enumerable.Range(0, Messages).Select(n => Message(n) with { Parts = 2 })], null, ct);
        var leased = await Store<IMessageStore>(0).LeaseDueAsync(Now, TimeSpan.FromMinutes(1), Messages, ct);
        await Store<IMessageStore>(0).RecordOutcomesAsync([.. leased.Select(m => new DispatchOutcome.Submitted(m.RowId, m.Attempts, "smpp", [$"a{m.RowId}", $"b{m.RowId}"]))], Now, ct);
        // Each node sees its part delivered and the other's not yet: only one that waits for the other's commit
        // before reading the parts builds DELIVERED.
        await Task.WhenAll(leased.Select(m => Task.Run(() => Task.WhenAll(
            Store<IMessageStore>(0).ApplyDeliveryReceiptsAsync([new DeliveryReceipt("smpp", $"a{m.RowId}", MessageStatus.Delivered, null, Now)], ct),
            Store<IMessageStore>(1).ApplyDeliveryReceiptsAsync([new DeliveryReceipt("smpp", $"b{m.RowId}", MessageStatus.Delivered, null, Now)], ct)), ct)));
        var history = await Store<IMessageStore>(1).GetListAsync(_account, MessageDirection.Outbound, 1, 1000, ct);
        Assert.Equal(Messages, history.Items.Count);
        Assert.All(history.Items, m => Assert.Equal(MessageStatus.Delivered, m.Status));
    }

    [Fact]
    public async Task One_node_sending_to_and_receiving_from_the_same_peers_never_deadlocks_with_itself()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store<IMessageStore>(0);
        string[] peers = ["32470000001", "32470000002", "32470000003"];
        var before = await TestStorage.CountAsync(_directory, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        // Sends take the peers' conversation counters in sorted order; inbound messages take them as they arrive
        // (here the reverse). On two connections of one node those orders would cross.
        var work = Enumerable.Range(0, 300).SelectMany(i => Enumerable.Reverse(peers)
            .Select(p => (Task)store.InsertInboundAsync(new NewInboundMessage(_account, p, "Race", "hi", Now, null, []), ct))
            .Prepend(store.InsertAcceptedAsync(_account, [.. peers.Select((p, k) => Message((i * 3) + k) with { Receiver = p })], null, ct)))
            .ToList();
        await Task.WhenAll(work);
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct); // the server publishes its statistics within a second
        Assert.Equal(before, await TestStorage.CountAsync(_directory, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"));
        var conversation = await store.GetConversationAsync(_account, peers[0], 1, 1000, ct);
        Assert.Equal(600, conversation.Total);
    }

    /// <summary>
    /// A commit of plain sends is one statement committing by itself, and it takes the conversations' counters before
    /// the account's list counter, as the three-statement form and inbound messages do.
    /// </summary>
    [Fact]
    public async Task A_send_waiting_for_the_list_counter_already_holds_its_conversation_counters_in_one_statement()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store<IMessageStore>(0);
        var peer = Message(1).Receiver;
        await store.InsertAcceptedAsync(_account, [Message(1)], null, ct); // the counter rows exist from here on
        var connectionString = await TestStorage.ConnectionStringAsync(_directory);

        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync(ct);
        await using var hold = await holder.BeginTransactionAsync(ct);
        await using (var lockList = new NpgsqlCommand("SELECT last_seq FROM account_sequences WHERE account_id = @a AND direction = 0 FOR UPDATE", holder, hold))
        {
            lockList.Parameters.AddWithValue("a", _account.Value);
            await lockList.ExecuteScalarAsync(ct);
        }
        var send = store.InsertAcceptedAsync(_account, [Message(1), Message(2)], null, ct);

        // The send is one statement (no transaction of the writer's around it), now waiting on the held row.
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync(ct);
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            await using var activity = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'WITH n AS (SELECT account_id, message_id%'", observer);
            if ((long)(await activity.ExecuteScalarAsync(ct))! == 1)
            {
                break;
            }
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(10), "the send never waited on the list counter as one statement");
            Assert.False(send.IsCompleted, "the send did not wait for the held list counter");
            await Task.Delay(20, ct);
        }
        // Its conversation counter is locked already: conversations first, then the list counter.
        await using (var lockConversation = new NpgsqlCommand("SELECT last_seq FROM conversations WHERE account_id = @a AND peer = @p FOR UPDATE NOWAIT", observer))
        {
            lockConversation.Parameters.AddWithValue("a", _account.Value);
            lockConversation.Parameters.AddWithValue("p", peer);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => lockConversation.ExecuteScalarAsync(ct));
            Assert.Equal(PostgresErrorCodes.LockNotAvailable, refused.SqlState);
        }

        await hold.RollbackAsync(ct);
        Assert.IsType<AcceptResult.Stored>(await send.WaitAsync(TimeSpan.FromSeconds(10), ct));
        var history = await store.GetListAsync(_account, MessageDirection.Outbound, 1, 10, ct);
        Assert.Equal([3L, 2L, 1L], history.Items.Select(m => m.ListSeq));
        Assert.Equal(2, (await store.GetConversationAsync(_account, peer, 1, 10, ct)).Total);
    }
}
