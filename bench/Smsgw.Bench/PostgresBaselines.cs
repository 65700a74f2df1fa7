using System.Diagnostics;
using Npgsql;

namespace Smsgw.Bench;

/// <summary>
/// What one PostgreSQL connection allows, beside what the gateway's writer does with it: the cost of a round trip,
/// and the raw accept inserts when each message is one statement and a whole commit's statements travel together.
/// </summary>
internal static class PostgresBaselines
{
    /// <summary>Prepared <c>SELECT 1</c> round trips per second on one connection, synchronous as the writer runs.</summary>
    public static double RoundTrips(string connectionString, TimeSpan duration)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT 1", connection);
        command.Prepare();
        long count = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            command.ExecuteScalar();
            count++;
        }
        return count / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>
    /// The rows of <see cref="StorageBaselines.RawInsert(Smsgw.Storage.Sql.SqlEngine, int, TimeSpan)"/> (both sequence
    /// upserts and the insert), but as one statement per message (data-modifying CTEs) and <paramref name="batch"/> of
    /// them sent as one <see cref="NpgsqlBatch"/>: two round trips per commit (the batch, the COMMIT) instead of
    /// three per message. Run on a database the gateway's migrations made.
    /// </summary>
    public static double PipelinedInsert(string connectionString, int batch, TimeSpan duration)
    {
        // Prepared after a few runs of each text, as the gateway's connections do (PostgresEngine sets MaxAutoPrepare).
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString);
        connection.Open();
        using (var account = new NpgsqlCommand("INSERT INTO accounts (id, name, client_id, secret_hash, created_at) VALUES (1, 'raw', 'raw', '\\x00', 0)", connection))
        {
            account.ExecuteNonQuery();
        }
        const string Accept = """
            WITH c AS (
                INSERT INTO conversations (account_id, peer, last_seq) VALUES (1, @peer, 1)
                ON CONFLICT (account_id, peer) DO UPDATE SET last_seq = conversations.last_seq + 1 RETURNING last_seq),
            l AS (
                INSERT INTO account_sequences (account_id, direction, last_seq) VALUES (1, 0, 1)
                ON CONFLICT (account_id, direction) DO UPDATE SET last_seq = account_sequences.last_seq + 1 RETURNING last_seq)
            INSERT INTO messages (account_id, direction, message_id, peer, local, body, encoding, parts,
                created_at, conv_seq, list_seq, status, status_at, due_at, valid_until)
            SELECT 1, 0, @id, @peer, 'MyBrand', @body, 0, 1, @now, c.last_seq, l.last_seq, 0, @now, @now, @valid FROM c, l
            """;
        var random = new Random(1);
        long rows = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            using var transaction = connection.BeginTransaction();
            using var commands = new NpgsqlBatch(connection, transaction);
            for (var i = 0; i < batch; i++)
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var command = new NpgsqlBatchCommand(Accept);
                command.Parameters.AddWithValue("peer", Recipients.Random(random));
                command.Parameters.AddWithValue("id", Smsgw.Messages.MessageId.New(DateTimeOffset.UtcNow));
                command.Parameters.AddWithValue("body", StorageBaselines.Body);
                command.Parameters.AddWithValue("now", now);
                command.Parameters.AddWithValue("valid", now + 172_800_000);
                commands.BatchCommands.Add(command);
            }
            commands.ExecuteNonQuery();
            transaction.Commit();
            rows += batch;
        }
        return rows / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
