using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Storage;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Bench;

/// <summary>
/// Writes the <see cref="MessageRows"/> store straight with SQL into a SQLite schema made by the real migrations;
/// <c>account_sequences</c> is set from the same numbering as the rows (SQLite numbers conversations from the rows).
/// Only while generating: journal_mode=OFF, synchronous=OFF, and the messages indexes dropped and recreated
/// afterwards from their own migration SQL; the file is handed back in WAL mode.
/// </summary>
internal static class StoreGenerator
{
    private const int RowsPerTransaction = 1_000_000;

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

        var (clientId, secret) = InsertAccounts(connection);
        var rows = InsertMessages(connection, messages, conversationSize);
        Console.WriteLine($"   rows written in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; recreating {indexes.Count} indexes");
        foreach (var (name, sql) in indexes)
        {
            var t = Stopwatch.GetTimestamp();
            SqlEngine.Execute(connection, null, sql);
            Console.WriteLine($"     {name}: {Stopwatch.GetElapsedTime(t).TotalSeconds:F1} s");
        }
        InsertSequences(connection, rows);
        SqlEngine.Execute(connection, null, "PRAGMA journal_mode=WAL");
        var elapsed = Stopwatch.GetElapsedTime(started);
        var store = new BenchStore(directory, messages, clientId, secret, MessageRows.BigPeer, conversationSize, rows.AccountOutbound, rows.AccountInbound, elapsed);
        store.Save();
        return store;
    }

    /// <summary>The 100 accounts, on either engine; account 1 ("bench") is the measured one and its credentials are returned.</summary>
    internal static (string ClientId, string Secret) InsertAccounts(DbConnection connection)
    {
        var secret = ClientCredentials.NewSecret();
        var clientId = ClientCredentials.NewClientId();
        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var transaction = connection.BeginTransaction();
        for (var a = 1; a <= MessageRows.Accounts; a++)
        {
            using var insert = SqlEngine.Command(connection, transaction,
                "INSERT INTO accounts (id, name, client_id, secret_hash, disabled, created_at) VALUES (@id, @name, @clientId, @hash, 0, @at)");
            insert.With("@id", (long)a)
                .With("@name", a == 1 ? "bench" : $"tenant{a:D3}")
                .With("@clientId", a == 1 ? clientId : ClientCredentials.NewClientId())
                .With("@hash", ClientCredentials.Hash(a == 1 ? secret : ClientCredentials.NewSecret()))
                .With("@at", at)
                .ExecuteNonQuery();
        }
        transaction.Commit();
        return (clientId, secret);
    }

    private static MessageRows InsertMessages(SqliteConnection connection, long messages, long conversationSize)
    {
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
        var rows = new MessageRows(messages, conversationSize);
        while (rows.MoveNext())
        {
            p[0].Value = rows.Account;
            p[1].Value = rows.IsOutbound ? 0 : 1;
            p[2].Value = (object?)rows.MessageId ?? DBNull.Value;
            p[3].Value = rows.Peer;
            p[4].Value = MessageRows.Bodies[rows.Body];
            p[5].Value = (int)MessageRows.BodyInfo[rows.Body].Encoding;
            p[6].Value = MessageRows.BodyInfo[rows.Body].Parts;
            p[7].Value = rows.CreatedAt;
            p[8].Value = rows.ConvSeq;
            p[9].Value = rows.ListSeq;
            p[10].Value = (int)rows.Status;
            p[11].Value = rows.CreatedAt + 2_000;
            p[12].Value = rows.IsOutbound ? rows.CreatedAt + 172_800_000 : DBNull.Value;
            p[13].Value = rows.IsOutbound ? MessageRows.SimulatorName : DBNull.Value;
            p[14].Value = rows.IsOutbound ? 1 : 0;
            insert.ExecuteNonQuery();
            if (rows.Id % RowsPerTransaction == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                Console.WriteLine($"     {rows.Id,12:N0} rows, {rows.Id / seconds,9:N0} rows/s");
            }
        }
        transaction.Commit();
        transaction.Dispose();
        return rows;
    }

    private static void InsertSequences(SqliteConnection connection, MessageRows rows)
    {
        using var transaction = connection.BeginTransaction();
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO account_sequences (account_id, direction, last_seq) VALUES ($account, $direction, $last)";
            var account = insert.Parameters.Add("$account", SqliteType.Integer);
            var direction = insert.Parameters.Add("$direction", SqliteType.Integer);
            var last = insert.Parameters.Add("$last", SqliteType.Integer);
            foreach (var row in rows.ListSequences())
            {
                account.Value = row.Account;
                direction.Value = row.Direction;
                last.Value = row.LastSeq;
                insert.ExecuteNonQuery();
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
        yield return $"big conversation: rows {Scalar("SELECT COUNT(*) FROM messages WHERE account_id = 1 AND peer = $peer")}, "
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
