using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smsgw.Storage;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Storage;

public sealed class SqliteWriterTests : IDisposable
{
    private readonly string _directory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_directory);

    [Fact]
    public async Task A_failing_write_in_a_batch_is_undone_alone_and_its_neighbours_commit()
    {
        var options = Options.Create(new StorageOptions { DataDirectory = _directory });
        var database = new SqliteEngine(options, NullLogger<SqliteEngine>.Instance);
        database.Migrate();
        await using (var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance))
        {
            await writer.WriteAsync(c => c.Command("CREATE TABLE t (v INTEGER PRIMARY KEY)").ExecuteNonQuery(), TestContext.Current.CancellationToken);
            var writes = Enumerable.Range(1, 200).Select(v => writer.WriteAsync(c =>
            {
                var insert = c.Command("INSERT INTO t (v) VALUES (@v)");
                insert.With("@v", v);
                insert.ExecuteNonQuery();
                if (v == 100)
                {
                    throw new InvalidOperationException("item 100 fails after writing");
                }
                return v;
            })).ToList();
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[99]);
            Assert.Contains("item 100", failure.Message, StringComparison.Ordinal);
            foreach (var write in writes.Where((_, i) => i != 99))
            {
                await write;
            }
        }
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "smsgw.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), SUM(v = 100) FROM t";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(199, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
    }

    [Fact]
    public async Task A_batched_operation_runs_once_for_the_inputs_of_a_commit_and_a_failing_input_fails_alone()
    {
        var options = Options.Create(new StorageOptions { DataDirectory = _directory });
        var database = new SqliteEngine(options, NullLogger<SqliteEngine>.Instance);
        database.Migrate();
        var largest = 0;
        var insert = new BatchWrite<int, long>((c, values) =>
        {
            largest = Math.Max(largest, values.Count);
            var rows = new RowSet("r", ("v", RowColumn.Int64));
            foreach (var v in values)
            {
                rows.Add((long)v);
            }
            // 13 becomes 1300, a row there already: that input fails the whole set-based statement.
            c.Command($"INSERT INTO t (v) SELECT r.v * CASE WHEN r.v = 13 THEN 100 ELSE 1 END FROM {database.Rows(rows)}", rows).ExecuteNonQuery();
            return [.. values.Select(v => (long)v * 2)];
        });
        await using (var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance))
        {
            await writer.WriteAsync(c => c.Command("CREATE TABLE t (v INTEGER PRIMARY KEY); INSERT INTO t (v) VALUES (1300)").ExecuteNonQuery(), TestContext.Current.CancellationToken);
            var writes = Enumerable.Range(1, 200).Select(v => writer.WriteAsync(insert, v, TestContext.Current.CancellationToken)).ToList();
            await Assert.ThrowsAsync<SqliteException>(() => writes[12]);
            foreach (var (write, v) in writes.Select((w, i) => (w, i + 1)).Where(x => x.Item2 != 13))
            {
                Assert.Equal(v * 2, await write);
            }
        }
        // The inputs queued for one commit went to one call (then, that commit having failed, one call each).
        Assert.True(largest > 1, $"largest batch {largest}");
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "smsgw.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(200L, (long)command.ExecuteScalar()!); // 199 inserted + the 1300 that was there
    }
}
