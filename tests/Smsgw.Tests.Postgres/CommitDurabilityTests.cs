using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests;

/// <summary>
/// A send the store answered is durable on PostgreSQL, though a commit of sends alone does not wait for its flush
/// while it holds the account's counters (the writer waits after it, before answering).
/// </summary>
public sealed class CommitDurabilityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// On a server of its own whose commits wait for their WAL as a real one's do, with its WAL writer frozen, so
    /// nothing but the store's own wait before answering can take a send out of the server's memory.
    /// </summary>
    [Fact]
    public async Task Sends_the_store_answered_are_there_after_the_server_crashes_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await PostgresCluster.StartAsync(durableCommits: true);
        await using (var admin = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await admin.OpenAsync(ct);
            await new NpgsqlCommand("CREATE DATABASE crash", admin).ExecuteNonQueryAsync(ct);
        }
        string Database() => new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = "crash", Pooling = false }.ConnectionString;
        var directory = TestGateway.NewDataDirectory();
        try
        {
            var answered = new List<string>();
            await using (var stores = await TestStorage.OpenPostgresStoresAsync(Database(), directory))
            {
                var account = await NewAccountAsync(stores);
                await cluster.FreezeWalWriterAsync();
                // Sends with an idempotency key commit in a transaction; then those without, each commit one statement.
                // The keyed ones go first: a later commit that waits for its flush would write the earlier ones too.
                foreach (var keyed in new[] { true, false })
                {
                    answered.AddRange(await SendAsync(stores, account, keyed ? 0 : 20, keyed ? 20 : 40, keyed));
                }
                cluster.Crash();
            }
            await cluster.RestartAsync();

            var stored = await MessageIdsAsync(Database());
            Assert.Equal(120, answered.Count);
            var lost = answered.Except(stored).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {answered.Count} answered sends were gone after the crash");
        }
        finally
        {
            TestGateway.TryDelete(directory);
        }
    }

    /// <summary>A server may revoke the function the writer's wait uses: sends then commit waiting for their own flush.</summary>
    [Fact]
    public async Task Sends_are_stored_for_a_role_that_may_not_write_logical_messages()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await PostgresServer.CreateDatabaseAsync("revoked");
        var role = $"smsgw_t_role_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var admin = await PostgresServer.AdminConnectionStringAsync();
        var directory = TestGateway.NewDataDirectory();
        try
        {
            var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
            await ExecuteAsync(admin, $"CREATE ROLE {role} LOGIN PASSWORD '{password}'; ALTER DATABASE \"{new NpgsqlConnectionStringBuilder(database).Database}\" OWNER TO {role}");
            // Every overload (PostgreSQL 17 added a fourth parameter).
            await ExecuteAsync(database, """
                DO $$ DECLARE f regprocedure; BEGIN
                    FOR f IN SELECT oid::regprocedure FROM pg_proc WHERE proname = 'pg_logical_emit_message' LOOP
                        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
                    END LOOP;
                END $$
                """);
            var asRole = new NpgsqlConnectionStringBuilder(database) { Username = role, Password = password }.ConnectionString;
            List<string> answered;
            await using (var stores = await TestStorage.OpenPostgresStoresAsync(asRole, directory))
            {
                answered = await SendAsync(stores, await NewAccountAsync(stores), 0, 30, keyed: false);
            }
            Assert.Equal(60, answered.Count);
            Assert.Empty(answered.Except(await MessageIdsAsync(database)));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS {role}");
            TestGateway.TryDelete(directory);
        }
    }

    private static async Task<AccountId> NewAccountAsync(ServiceProvider stores) =>
        (await stores.GetRequiredService<IAccountStore>().CreateAsync("durable", "durable", [1], Now, TestContext.Current.CancellationToken))!.Id;

    /// <summary>Sends <paramref name="count"/> requests of two messages at once; returns the ids of those answered as stored.</summary>
    private static async Task<List<string>> SendAsync(ServiceProvider stores, AccountId account, int first, int count, bool keyed)
    {
        var messages = stores.GetRequiredService<IMessageStore>();
        var sends = Enumerable.Range(first, count).Select(async n =>
        {
            NewOutboundMessage[] batch = [Message(n, 0), Message(n, 1)];
            var key = keyed ? new IdempotencyRecord($"key-{n}", [1], "{}", Now, Now.AddDays(-1)) : null;
            var result = await messages.InsertAcceptedAsync(account, batch, key, TestContext.Current.CancellationToken);
            Assert.IsType<AcceptResult.Stored>(result);
            return batch.Select(m => m.MessageId);
        }).ToList();
        var answered = new List<string>();
        foreach (var send in sends)
        {
            answered.AddRange(await send);
        }
        return answered;
    }

    private static async Task<HashSet<string>> MessageIdsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT message_id FROM messages", connection);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static NewOutboundMessage Message(int n, int part) =>
        new(MessageId.New(Now), $"3247{n:000000}{part}", "Durable", "body", null, null, SmsEncoding.Gsm7, 1, Now, null, Now, Now.AddDays(1));
}
