using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Smsgw.Messages;

namespace Smsgw.Bench;

/// <summary>Outbound messages by status, read straight from the gateway's store (SQLite's WAL lets it run beside the writer).</summary>
internal sealed record StatusCounts(long Total, long Final, long Delivered)
{
    public long Pending => Total - Final;

    public static StatusCounts Read(string databasePath)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        connection.Open();
        return Read(connection);
    }

    /// <summary>From PostgreSQL when <paramref name="postgres"/> is a connection string, else from the SQLite file.</summary>
    public static StatusCounts Read(string databasePath, string? postgres)
    {
        if (postgres is null)
        {
            return Read(databasePath);
        }
        // Unpooled: a later round drops and recreates the database, which would end a pooled connection to it.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Pooling = false }.ConnectionString);
        connection.Open();
        return Read(connection);
    }

    private static StatusCounts Read(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM messages WHERE direction = 0 GROUP BY status";
        using var reader = command.ExecuteReader();
        long total = 0, final = 0, delivered = 0;
        while (reader.Read())
        {
            var status = (MessageStatus)reader.GetInt32(0);
            var count = reader.GetInt64(1);
            total += count;
            final += status.IsFinal() ? count : 0;
            delivered += status == MessageStatus.Delivered ? count : 0;
        }
        return new StatusCounts(total, final, delivered);
    }
}
