using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Bench;

/// <summary>
/// Writes a store of <c>messages</c> rows straight with SQL into a schema made by the real migrations: one account
/// holds one conversation of <c>conversationSize</c> messages spread evenly over the timeline, and about a fifth of
/// the rest; 99 other accounts share the remainder. Sequences (<c>conv_seq</c>, <c>list_seq</c>,
/// <c>conversations.last_seq</c>, <c>account_sequences</c>) are numbered exactly as the gateway would.
/// Only while generating: journal_mode=OFF, synchronous=OFF, and the messages indexes dropped and recreated
/// afterwards from their own migration SQL; the file is handed back in WAL mode.
/// </summary>
internal static class StoreGenerator
{
    public const string BigPeer = "32499123456";
    private const int Accounts = 100;
    private const int MeasuredAccountPeers = 50_000;
    private const int OtherAccountPeers = 20_000;
    private const double MeasuredAccountShare = 0.2;
    private const int RowsPerTransaction = 1_000_000;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string SimulatorName = "simulator";

    private static readonly string[] Bodies =
    [
        "Your verification code is 123456.",
        "Your verification code is 123456. It expires in 10 minutes.",
        "Hi! Your parcel 3SABC123456 will be delivered tomorrow between 9:00 and 13:00.",
        "Reminder: your appointment with Dr. Peeters is on Monday at 14:30. Reply STOP to opt out.",
        "Thanks, see you then",
        "Ok",
        "Can we move it to Tuesday?",
        "Your invoice 2025-0042 of EUR 129.00 is due on 15/01. Pay online at https://example.com/pay/0042 or by transfer to BE71 0961 2345 6769.",
        "Flash sale! 20% off everything in store this weekend only. Show this message at the till. Terms apply, see example.com/terms. Reply STOP to unsubscribe from our messages.",
        "Bonjour, votre rendez-vous est confirmé pour demain à 10h00.",
        "Got it, thanks!",
        "Your table for 4 at 19:30 is confirmed.",
    ];

    public static BenchStore Generate(string directory, long messages, long conversationSize)
    {
        var started = Stopwatch.GetTimestamp();
        var database = new SqliteEngine(Options.Create(new StorageOptions { DataDirectory = directory }), NullLogger<SqliteEngine>.Instance);
        database.Migrate();
        SqliteConnection.ClearAllPools(); // the migration's pooled WAL connection would block journal_mode=OFF
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.Location, Pooling = false }.ToString());
        connection.Open();
        SqlEngine.Execute(connection, null, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY; PRAGMA threads=2;");
        var indexes = new List<(string Name, string Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (name, _) in indexes)
        {
            SqlEngine.Execute(connection, null, $"DROP INDEX {name}");
        }

        var secret = ClientCredentials.NewSecret();
        var clientId = ClientCredentials.NewClientId();
        InsertAccounts(connection, clientId, secret);
        var (outbound, inbound) = InsertMessages(connection, messages, conversationSize, out var conversations, out var listSeq);
        Console.WriteLine($"   rows written in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; recreating {indexes.Count} indexes");
        foreach (var (name, sql) in indexes)
        {
            var t = Stopwatch.GetTimestamp();
            SqlEngine.Execute(connection, null, sql);
            Console.WriteLine($"     {name}: {Stopwatch.GetElapsedTime(t).TotalSeconds:F1} s");
        }
        InsertSequences(connection, conversations, listSeq);
        SqlEngine.Execute(connection, null, "PRAGMA journal_mode=WAL");
        var elapsed = Stopwatch.GetElapsedTime(started);
        var store = new BenchStore(directory, messages, clientId, secret, BigPeer, conversationSize, outbound, inbound, elapsed);
        store.Save();
        return store;
    }

    private static void InsertAccounts(SqliteConnection connection, string clientId, string secret)
    {
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO accounts (id, name, client_id, secret_hash, disabled, created_at) VALUES ($id, $name, $clientId, $hash, 0, $at)";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var client = insert.Parameters.Add("$clientId", SqliteType.Text);
        var hash = insert.Parameters.Add("$hash", SqliteType.Blob);
        insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        for (var a = 1; a <= Accounts; a++)
        {
            id.Value = a;
            name.Value = a == 1 ? "bench" : $"tenant{a:D3}";
            client.Value = a == 1 ? clientId : ClientCredentials.NewClientId();
            hash.Value = ClientCredentials.Hash(a == 1 ? secret : ClientCredentials.NewSecret());
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static (long Outbound, long Inbound) InsertMessages(SqliteConnection connection, long messages, long conversationSize,
        out Dictionary<long, long> conversations, out long[,] listSeq)
    {
        var random = new Random(20260101);
        var bodyInfo = Bodies.Select(b => SmsText.Measure(b)).ToArray();
        var measuredPeers = Enumerable.Range(0, MeasuredAccountPeers).Select(Recipients.At).ToArray();
        var origin = new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var step = 30.0 * 86_400_000 / messages; // thirty days of traffic
        conversations = new Dictionary<long, long>(capacity: 2_100_000);
        listSeq = new long[Accounts + 1, 2];
        long outbound = 0, inbound = 0;

        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO messages (account_id, direction, message_id, external_id, peer, local, body, reference, subid, encoding, parts,
                created_at, conv_seq, list_seq, status, status_at, status_detail, scheduled_at, due_at, valid_until, lease_until,
                carrier, attempts, has_files)
            VALUES ($account, $direction, $messageId, NULL, $peer, 'MyBrand', $body, NULL, NULL, $encoding, $parts,
                $createdAt, $convSeq, $listSeq, $status, $statusAt, NULL, NULL, NULL, $validUntil, NULL,
                $carrier, $attempts, 0)
            """;
        string[] names = ["$account", "$direction", "$messageId", "$peer", "$body", "$encoding", "$parts", "$createdAt", "$convSeq", "$listSeq",
            "$status", "$statusAt", "$validUntil", "$carrier", "$attempts"];
        var p = names.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        var transaction = connection.BeginTransaction();
        insert.Transaction = transaction;
        insert.Prepare();
        var started = Stopwatch.GetTimestamp();
        var idChars = new char[MessageId.Length];
        for (long i = 0; i < messages; i++)
        {
            int account, peerIndex;
            bool isOutbound;
            if ((i + 1) * conversationSize / messages != i * conversationSize / messages)
            {
                (account, peerIndex, isOutbound) = (1, -1, random.NextDouble() < 0.6);
            }
            else if (random.NextDouble() < MeasuredAccountShare)
            {
                (account, peerIndex, isOutbound) = (1, random.Next(MeasuredAccountPeers), random.NextDouble() < 0.7);
            }
            else
            {
                (account, peerIndex, isOutbound) = (2 + random.Next(Accounts - 1), random.Next(OtherAccountPeers), random.NextDouble() < 0.7);
            }
            var key = (account * 1_000_000L) + peerIndex + 1;
            var convSeq = conversations[key] = conversations.GetValueOrDefault(key) + 1;
            var direction = isOutbound ? 0 : 1;
            var seq = ++listSeq[account, direction];
            var body = random.Next(Bodies.Length);
            var createdAt = origin + (long)(i * step);
            p[0].Value = account;
            p[1].Value = direction;
            if (isOutbound)
            {
                random.GetItems(IdAlphabet.AsSpan(), idChars);
                p[2].Value = new string(idChars);
                p[10].Value = (int)(random.Next(100) < 97 ? MessageStatus.Delivered : MessageStatus.NotDelivered);
                p[12].Value = createdAt + 172_800_000;
                p[13].Value = SimulatorName;
                p[14].Value = 1;
                outbound += account == 1 ? 1 : 0;
            }
            else
            {
                p[2].Value = DBNull.Value;
                p[10].Value = (int)MessageStatus.Received;
                p[12].Value = DBNull.Value;
                p[13].Value = DBNull.Value;
                p[14].Value = 0;
                inbound += account == 1 ? 1 : 0;
            }
            p[3].Value = peerIndex < 0 ? BigPeer : measuredPeers[peerIndex];
            p[4].Value = Bodies[body];
            p[5].Value = (int)bodyInfo[body].Encoding;
            p[6].Value = bodyInfo[body].Parts;
            p[7].Value = createdAt;
            p[8].Value = convSeq;
            p[9].Value = seq;
            p[11].Value = createdAt + 2_000;
            insert.ExecuteNonQuery();
            if ((i + 1) % RowsPerTransaction == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine($"     {i + 1,12:N0} rows, {(i + 1) / seconds,9:N0} rows/s");
            }
        }
        transaction.Commit();
        transaction.Dispose();
        return (outbound, inbound);
    }

    private static void InsertSequences(SqliteConnection connection, Dictionary<long, long> conversations, long[,] listSeq)
    {
        using var transaction = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO conversations (account_id, peer, last_seq) VALUES ($account, $peer, $last)";
            var account = insert.Parameters.Add("$account", SqliteType.Integer);
            var peer = insert.Parameters.Add("$peer", SqliteType.Text);
            var last = insert.Parameters.Add("$last", SqliteType.Integer);
            var measuredPeers = Enumerable.Range(0, MeasuredAccountPeers).Select(Recipients.At).ToArray();
            var rows = conversations.Select(kv => (Account: kv.Key / 1_000_000, Peer: (kv.Key % 1_000_000) == 0 ? BigPeer : measuredPeers[(kv.Key % 1_000_000) - 1], Last: kv.Value))
                .OrderBy(r => r.Account).ThenBy(r => r.Peer, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                account.Value = row.Account;
                peer.Value = row.Peer;
                last.Value = row.Last;
                insert.ExecuteNonQuery();
            }
        }
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO account_sequences (account_id, direction, last_seq) VALUES ($account, $direction, $last)";
            var account = insert.Parameters.Add("$account", SqliteType.Integer);
            var direction = insert.Parameters.Add("$direction", SqliteType.Integer);
            var last = insert.Parameters.Add("$last", SqliteType.Integer);
            for (var a = 1; a <= Accounts; a++)
            {
                for (var d = 0; d < 2; d++)
                {
                    if (listSeq[a, d] > 0)
                    {
                        account.Value = a;
                        direction.Value = d;
                        last.Value = listSeq[a, d];
                        insert.ExecuteNonQuery();
                    }
                }
            }
        }
        transaction.Commit();
    }

    /// <summary>Cheap checks through the indexes: the sequences the gateway reads agree with the rows.</summary>
    public static IEnumerable<string> Verify(BenchStore store)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        object? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$peer", store.BigPeer);
            return command.ExecuteScalar();
        }
        yield return $"journal_mode {Scalar("PRAGMA journal_mode")}, migrations {Scalar("SELECT group_concat(name) FROM schema_migrations")}";
        yield return $"big conversation: last_seq {Scalar("SELECT last_seq FROM conversations WHERE account_id = 1 AND peer = $peer")}, "
            + $"rows {Scalar("SELECT COUNT(*) FROM messages WHERE account_id = 1 AND peer = $peer")}, "
            + $"max conv_seq {Scalar("SELECT MAX(conv_seq) FROM messages WHERE account_id = 1 AND peer = $peer")}";
        yield return $"account 1 outbound: last_seq {Scalar("SELECT last_seq FROM account_sequences WHERE account_id = 1 AND direction = 0")}, "
            + $"max list_seq {Scalar("SELECT MAX(list_seq) FROM messages WHERE account_id = 1 AND direction = 0")}; "
            + $"inbound: last_seq {Scalar("SELECT last_seq FROM account_sequences WHERE account_id = 1 AND direction = 1")}, "
            + $"max list_seq {Scalar("SELECT MAX(list_seq) FROM messages WHERE account_id = 1 AND direction = 1")}";
        yield return $"conversations {Scalar("SELECT COUNT(*) FROM conversations"):N0}, sum of last_seq {Scalar("SELECT SUM(last_seq) FROM conversations"):N0}, "
            + $"messages {Scalar("SELECT MAX(id) FROM messages"):N0} (max rowid)";
        yield return "conversation page plan: " + QueryPlan(connection);
    }

    private static string QueryPlan(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN SELECT * FROM messages WHERE account_id = 1 AND peer = 'x' AND conv_seq BETWEEN 1 AND 1000 ORDER BY conv_seq DESC";
        using var reader = command.ExecuteReader();
        var details = new List<string>();
        while (reader.Read())
        {
            details.Add(reader.GetString(3));
        }
        return string.Join("; ", details);
    }
}
