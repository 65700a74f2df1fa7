using System.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Smsgw.Storage;
using Smsgw.Storage.Postgres;

namespace Smsgw.Bench;

/// <summary>
/// Writes the <see cref="MessageRows"/> store into a PostgreSQL database migrated by the gateway's own migrations,
/// with binary COPY: the messages table is emptied and filled in one transaction with <c>FREEZE</c> (rows land
/// visible to all, so no vacuum pass follows), its primary key, indexes and foreign key dropped before and recreated
/// after from their own definitions; then the <c>conversations</c> and <c>account_sequences</c> rows, identity
/// sequences moved past the ids used, ANALYZE and a CHECKPOINT so no flush of the load runs into the measurement.
/// </summary>
internal static class PostgresStoreGenerator
{
    private const int ProgressEvery = 1_000_000;

    public static async Task<BenchStore> GenerateAsync(string connectionString, string dataDirectory, long messages, long conversationSize)
    {
        var started = Stopwatch.GetTimestamp();
        await using (var engine = new PostgresEngine(Options.Create(new StorageOptions { Provider = "postgres", ConnectionString = connectionString })))
        {
            engine.Migrate();
        }
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await connection.OpenAsync();
        var (clientId, secret) = StoreGenerator.InsertAccounts(connection);

        // Recreated below in this order: the primary key, the other indexes, then the foreign keys (checked in one scan).
        var definitions = await ListAsync(connection, """
            SELECT 'ALTER TABLE messages DROP CONSTRAINT ' || conname, 'ALTER TABLE messages ADD CONSTRAINT ' || conname || ' ' || pg_get_constraintdef(oid),
                   CASE contype WHEN 'p' THEN 0 ELSE 2 END
            FROM pg_constraint WHERE conrelid = 'messages'::regclass AND contype IN ('p', 'f')
            UNION ALL
            SELECT 'DROP INDEX ' || indexname, indexdef, 1
            FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'messages'
              AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'messages'::regclass)
            ORDER BY 3, 1
            """);
        foreach (var (drop, _) in definitions.AsEnumerable().Reverse())
        {
            await ExecuteAsync(connection, drop);
        }

        var rows = new MessageRows(messages, conversationSize);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // FREEZE needs the table emptied in the same transaction.
            await ExecuteAsync(connection, "TRUNCATE messages");
            CopyMessages(connection, rows, started);
            await transaction.CommitAsync();
        }
        Console.WriteLine($"   rows written in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; recreating {definitions.Count} constraints and indexes of messages");
        foreach (var (_, create) in definitions)
        {
            var t = Stopwatch.GetTimestamp();
            await ExecuteAsync(connection, create);
            Console.WriteLine($"     {create[..Math.Min(create.Length, 90)]}: {Stopwatch.GetElapsedTime(t).TotalSeconds:F1} s");
        }
        var tail = Stopwatch.GetTimestamp();
        CopySequences(connection, rows);
        await ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('messages', 'id'), {messages})");
        await ExecuteAsync(connection, $"SELECT setval(pg_get_serial_sequence('accounts', 'id'), {MessageRows.Accounts})");
        await ExecuteAsync(connection, "ANALYZE");
        await ExecuteAsync(connection, "CHECKPOINT");
        Console.WriteLine($"     conversations, account_sequences, ANALYZE, CHECKPOINT: {Stopwatch.GetElapsedTime(tail).TotalSeconds:F1} s");
        return new BenchStore(dataDirectory, messages, clientId, secret, MessageRows.BigPeer, conversationSize, rows.AccountOutbound, rows.AccountInbound,
            Stopwatch.GetElapsedTime(started));
    }

    // Synchronous on purpose: per-value async writes cost more than the copy itself at this row count.
    private static void CopyMessages(NpgsqlConnection connection, MessageRows rows, long started)
    {
        using var copy = connection.BeginBinaryImport("""
            COPY messages (id, account_id, direction, message_id, peer, local, body, encoding, parts, created_at, conv_seq, list_seq,
                status, status_at, valid_until, carrier, attempts, has_files) FROM STDIN (FORMAT BINARY, FREEZE)
            """);
        while (rows.MoveNext())
        {
            copy.StartRow();
            copy.Write(rows.Id, NpgsqlDbType.Bigint);
            copy.Write((long)rows.Account, NpgsqlDbType.Bigint);
            copy.Write(rows.IsOutbound ? 0 : 1, NpgsqlDbType.Integer);
            if (rows.MessageId is { } messageId)
            {
                copy.Write(messageId, NpgsqlDbType.Text);
            }
            else
            {
                copy.WriteNull();
            }
            copy.Write(rows.Peer, NpgsqlDbType.Text);
            copy.Write("MyBrand", NpgsqlDbType.Text);
            copy.Write(MessageRows.Bodies[rows.Body], NpgsqlDbType.Text);
            copy.Write((int)MessageRows.BodyInfo[rows.Body].Encoding, NpgsqlDbType.Integer);
            copy.Write(MessageRows.BodyInfo[rows.Body].Parts, NpgsqlDbType.Integer);
            copy.Write(rows.CreatedAt, NpgsqlDbType.Bigint);
            copy.Write(rows.ConvSeq, NpgsqlDbType.Bigint);
            copy.Write(rows.ListSeq, NpgsqlDbType.Bigint);
            copy.Write((int)rows.Status, NpgsqlDbType.Integer);
            copy.Write(rows.CreatedAt + 2_000, NpgsqlDbType.Bigint);
            if (rows.IsOutbound)
            {
                copy.Write(rows.CreatedAt + 172_800_000, NpgsqlDbType.Bigint);
                copy.Write(MessageRows.SimulatorName, NpgsqlDbType.Text);
            }
            else
            {
                copy.WriteNull();
                copy.WriteNull();
            }
            copy.Write(rows.IsOutbound ? 1 : 0, NpgsqlDbType.Integer);
            copy.Write(0, NpgsqlDbType.Integer);
            if (rows.Id % ProgressEvery == 0)
            {
                Console.WriteLine($"     {rows.Id,12:N0} rows, {rows.Id / Stopwatch.GetElapsedTime(started).TotalSeconds,9:N0} rows/s");
            }
        }
        copy.Complete();
    }

    private static void CopySequences(NpgsqlConnection connection, MessageRows rows)
    {
        using (var copy = connection.BeginBinaryImport("COPY conversations (account_id, peer, last_seq) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (account, peer, last) in rows.Conversations())
            {
                copy.WriteRow((long)account, peer, last);
            }
            copy.Complete();
        }
        using (var copy = connection.BeginBinaryImport("COPY account_sequences (account_id, direction, last_seq) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (account, direction, last) in rows.ListSequences())
            {
                copy.WriteRow((long)account, direction, last);
            }
            copy.Complete();
        }
    }

    /// <summary>Checks through the indexes that the sequences the gateway reads agree with the rows, and the page plans.</summary>
    public static async Task<List<string>> VerifyAsync(string connectionString, BenchStore store, int deepPage, int limit)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        async Task<object?> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("peer", store.BigPeer);
            return await command.ExecuteScalarAsync();
        }
        var lines = new List<string>
        {
            $"migrations {await Scalar("SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations")}; "
                + $"database {(long)(await Scalar("SELECT pg_database_size(current_database())"))! / 1e9:F2} GB, "
                + $"messages table and indexes {(long)(await Scalar("SELECT pg_total_relation_size('messages')"))! / 1e9:F2} GB",
            $"big conversation: last_seq {await Scalar("SELECT last_seq FROM conversations WHERE account_id = 1 AND peer = @peer")}, "
                + $"rows, min and max conv_seq {await Scalar("SELECT format('%s, %s..%s', COUNT(*), MIN(conv_seq), MAX(conv_seq)) FROM messages WHERE account_id = 1 AND peer = @peer")}",
            $"account 1 outbound: last_seq {await Scalar("SELECT last_seq FROM account_sequences WHERE account_id = 1 AND direction = 0")}, "
                + $"rows, min and max list_seq {await Scalar("SELECT format('%s, %s..%s', COUNT(*), MIN(list_seq), MAX(list_seq)) FROM messages WHERE account_id = 1 AND direction = 0")}; "
                + $"inbound: last_seq {await Scalar("SELECT last_seq FROM account_sequences WHERE account_id = 1 AND direction = 1")}, "
                + $"rows, min and max {await Scalar("SELECT format('%s, %s..%s', COUNT(*), MIN(list_seq), MAX(list_seq)) FROM messages WHERE account_id = 1 AND direction = 1")}",
            $"conversations {await Scalar("SELECT COUNT(*) FROM conversations"):N0}, sum of their last_seq {await Scalar("SELECT SUM(last_seq) FROM conversations"):N0}, "
                + $"sum of account_sequences.last_seq {await Scalar("SELECT SUM(last_seq) FROM account_sequences"):N0}, messages {await Scalar("SELECT COUNT(*) FROM messages"):N0}",
        };
        foreach (var page in new[] { 1, deepPage })
        {
            var (from, to) = SequencePage.Range(store.BigConversation, page, limit);
            await using var explain = new NpgsqlCommand($"""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                SELECT {Storage.Sql.SqlMessageStore.MessageColumns} FROM messages
                WHERE account_id = 1 AND peer = @peer AND conv_seq BETWEEN @from AND @to ORDER BY conv_seq DESC
                """, connection);
            explain.Parameters.AddWithValue("peer", store.BigPeer);
            explain.Parameters.AddWithValue("from", from);
            explain.Parameters.AddWithValue("to", to);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0).Trim());
                }
            }
            lines.Add($"conversation page {page} plan: " + string.Join("; ", plan.TakeWhile(l => !l.StartsWith("Planning", StringComparison.Ordinal))
                .Where(l => l.Contains("(actual", StringComparison.Ordinal) || l.StartsWith("Buffers", StringComparison.Ordinal))
                .Append(plan.Last())));
        }
        return lines;
    }

    private static async Task<List<(string First, string Second)>> ListAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }
        return list;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
