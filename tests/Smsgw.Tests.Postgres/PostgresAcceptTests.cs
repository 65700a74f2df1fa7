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
/// Sends on PostgreSQL: a commit of plain sends is one statement committing by itself, which takes the conversations'
/// counters before the account's list counter, as the three-statement form and inbound messages do.
/// </summary>
public sealed class PostgresAcceptTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = TestGateway.NewDataDirectory();
    private ServiceProvider _services = null!;
    private AccountId _account;

    public async ValueTask InitializeAsync()
    {
        _services = await TestStorage.OpenStoresAsync(_directory);
        _account = (await _services.GetRequiredService<IAccountStore>().CreateAsync("accept", "accept", [1], Now, TestContext.Current.CancellationToken))!.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        TestGateway.TryDelete(_directory);
    }

    private static NewOutboundMessage Message(string receiver) =>
        new(MessageId.New(Now), receiver, "Brand", "body", null, null, SmsEncoding.Gsm7, 1, Now, null, Now, Now.AddDays(1));

    [Fact]
    public async Task A_send_waiting_for_the_list_counter_already_holds_its_conversation_counters_in_one_statement()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = _services.GetRequiredService<IMessageStore>();
        const string peer = "32470000001";
        await store.InsertAcceptedAsync(_account, [Message(peer)], null, ct); // the counter rows exist from here on
        var connectionString = await TestStorage.ConnectionStringAsync(_directory);

        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync(ct);
        await using var hold = await holder.BeginTransactionAsync(ct);
        await using (var lockList = new NpgsqlCommand("SELECT last_seq FROM account_sequences WHERE account_id = @a AND direction = 0 FOR UPDATE", holder, hold))
        {
            lockList.Parameters.AddWithValue("a", _account.Value);
            await lockList.ExecuteScalarAsync(ct);
        }
        var send = store.InsertAcceptedAsync(_account, [Message(peer), Message("32470000002")], null, ct);

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
