using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Bench;

/// <summary>What the disk and the store allow without HTTP: the two lower layers of a send, each on a fresh file or database.</summary>
internal static class StorageBaselines
{
    public const string Body = "Your verification code is 123456. It expires in 10 minutes.";

    /// <summary>
    /// Raw SQLite: the same three statements a send runs (its conversation number, the list counter's upsert, the
    /// insert), prepared once, <paramref name="batch"/> rows per transaction, on the gateway's own connection settings
    /// (WAL, synchronous=FULL).
    /// </summary>
    public static (double RowsPerSecond, double CommitsPerSecond) RawInsert(string directory, int batch, TimeSpan duration) =>
        RawInsert(Sqlite(directory), batch, duration);

    /// <summary>The same on any engine, through the writer's connection as the gateway opens it.</summary>
    public static (double RowsPerSecond, double CommitsPerSecond) RawInsert(SqlEngine database, int batch, TimeSpan duration)
    {
        database.Migrate();
        using var connection = database.OpenWriteConnection();
        using (var account = SqlEngine.Command(connection, null, "INSERT INTO accounts (id, name, client_id, secret_hash, created_at) VALUES (1, 'raw', 'raw', @hash, 0)"))
        {
            account.With("@hash", new byte[] { 0 }).ExecuteNonQuery();
        }
        var random = new Random(1);
        long rows = 0, commits = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            using var transaction = connection.BeginTransaction();
            // As the gateway numbers a conversation: one writer from the conversation index, several from a counter row.
            using var conversation = Prepare(database, connection, transaction, database.SingleNode
                ? "SELECT COALESCE(MAX(conv_seq), 0) + 1 FROM messages WHERE account_id = 1 AND peer = @peer"
                : """
                INSERT INTO conversations (account_id, peer, last_seq) VALUES (1, @peer, 1)
                ON CONFLICT (account_id, peer) DO UPDATE SET last_seq = conversations.last_seq + 1 RETURNING last_seq
                """, "@peer");
            using var list = Prepare(database, connection, transaction, """
                INSERT INTO account_sequences (account_id, direction, last_seq) VALUES (1, 0, 1)
                ON CONFLICT (account_id, direction) DO UPDATE SET last_seq = account_sequences.last_seq + 1 RETURNING last_seq
                """);
            using var insert = Prepare(database, connection, transaction, """
                INSERT INTO messages (account_id, direction, message_id, peer, local, body, encoding, parts,
                    created_at, conv_seq, list_seq, status, status_at, due_at, valid_until)
                VALUES (1, 0, @id, @peer, 'MyBrand', @body, 0, 1, @now, @conv, @list, 0, @now, @now, @valid)
                """, "@id", "@peer", "@body", "@now", "@conv", "@list", "@valid");
            for (var i = 0; i < batch; i++)
            {
                var peer = Recipients.Random(random);
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                conversation.Parameters[0].Value = peer;
                var conv = (long)conversation.ExecuteScalar()!;
                var seq = (long)list.ExecuteScalar()!;
                var p = insert.Parameters;
                p[0].Value = MessageId.New(DateTimeOffset.UtcNow);
                p[1].Value = peer;
                p[2].Value = Body;
                p[3].Value = now;
                p[4].Value = conv;
                p[5].Value = seq;
                p[6].Value = now + 172_800_000;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            rows += batch;
            commits++;
        }
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return (rows / seconds, commits / seconds);
    }

    /// <summary>
    /// The gateway's store without HTTP: <paramref name="concurrency"/> closed-loop callers of
    /// <c>SqlMessageStore.InsertAcceptedAsync</c> through the real group-commit writer.
    /// </summary>
    public static Task<(double PerSecond, LatencyStats Latency)> StoreOnlyAsync(string directory, int concurrency, TimeSpan duration) =>
        StoreOnlyAsync(Sqlite(directory), concurrency, duration);

    public static async Task<(double PerSecond, LatencyStats Latency)> StoreOnlyAsync(SqlEngine database, int concurrency, TimeSpan duration)
    {
        database.Migrate();
        await using var writer = new StoreWriter(database, Options.Create(new StorageOptions()), NullLogger<StoreWriter>.Instance);
        var accounts = new SqlAccountStore(database, writer);
        var account = await accounts.CreateAsync("store-only", "store-only", ClientCredentials.Hash("x"), DateTimeOffset.UtcNow, CancellationToken.None)
            ?? throw new InvalidOperationException("could not create the account");
        var store = new SqlMessageStore(database, writer);
        var info = SmsText.Measure(Body);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<long>[concurrency];
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var mine = latencies[w] = new List<long>(100_000);
            while (Stopwatch.GetTimestamp() < end)
            {
                var now = DateTimeOffset.UtcNow;
                var message = new NewOutboundMessage(MessageId.New(DateTimeOffset.UtcNow), Recipients.Random(random), "MyBrand", Body, null, null,
                    info.Encoding, info.Parts, now, null, now, now.AddHours(48));
                var sent = Stopwatch.GetTimestamp();
                await store.InsertAcceptedAsync(account.Id, [message], null, CancellationToken.None);
                mine.Add(Stopwatch.GetTimestamp() - sent);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var total = latencies.Sum(l => l.Count);
        return (total / seconds, new LatencyStats(latencies.SelectMany(l => l)));
    }

    private static SqliteEngine Sqlite(string directory) =>
        new(Options.Create(new StorageOptions { DataDirectory = directory }), NullLogger<SqliteEngine>.Instance);

    /// <summary>SQLite compiles the statement once here; Npgsql prepares it on the server at its first runs (auto-prepare).</summary>
    private static DbCommand Prepare(SqlEngine database, DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = SqlEngine.Command(connection, transaction, sql);
        foreach (var name in parameters)
        {
            command.With(name, null);
        }
        if (database.ReusesCommands)
        {
            command.Prepare();
        }
        return command;
    }
}
