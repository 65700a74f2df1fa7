using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smsgw.Storage;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;
using Smsgw.Tests.Support;
using Smsgw.Webhooks;

namespace Smsgw.Tests.Storage;

public sealed class SqliteWriterTests : IDisposable
{
    private readonly string _directory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_directory);

    /// <summary>A fresh SQLite store in this test's directory, its schema in place.</summary>
    private (IOptions<StorageOptions> Options, SqliteEngine Database) MigratedStore()
    {
        var options = Options.Create(new StorageOptions { DataDirectory = _directory });
        var database = new SqliteEngine(options, NullLogger<SqliteEngine>.Instance);
        database.Migrate();
        return (options, database);
    }

    /// <summary>The first row of <paramref name="sql"/>, read on a connection of its own (not the writer's).</summary>
    private long[] RowOnAnotherConnection(string sql, int busyTimeoutSeconds = 30)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "smsgw.db")};Pooling=false;Default Timeout={busyTimeoutSeconds}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64)];
    }

    [Fact]
    public void The_writer_commits_durably_through_the_WAL()
    {
        var (_, database) = MigratedStore();
        using var connection = database.OpenWriteConnection();
        object? Pragma(string name)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return command.ExecuteScalar();
        }
        Assert.Equal("wal", Pragma("journal_mode"));
        Assert.Equal(2L, Pragma("synchronous")); // FULL: every commit is fsynced before its callers hear of it
    }

    [Fact]
    public async Task Only_a_commit_that_wrote_webhook_events_wakes_their_sender()
    {
        var (options, database) = MigratedStore();
        var signal = new WebhookSignal();
        var cancellation = TestContext.Current.CancellationToken;
        await using var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance, signal);
        var woken = signal.WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, cancellation);

        for (var i = 0; i < 20; i++)
        {
            await writer.WriteAsync(c => c.Command("SELECT count(*) FROM messages").ExecuteScalar(), cancellation);
        }
        await Task.Delay(200, cancellation);
        Assert.False(woken.IsCompleted, "a commit that wrote no webhook event woke the sender");

        await writer.WriteAsync(c => c.WebhookEventsDue = true, cancellation);
        await woken.WaitAsync(TimeSpan.FromSeconds(10), cancellation);
    }

    [Fact]
    public async Task A_statement_is_compiled_once_per_writer_connection_and_between_commits_holds_nothing_open()
    {
        var (options, database) = MigratedStore();
        var ct = TestContext.Current.CancellationToken;
        await using var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance);
        await writer.WriteAsync(c => c.Command("CREATE TABLE t (v INTEGER PRIMARY KEY)").ExecuteNonQuery(), ct);
        await writer.WriteAsync(c => c.Command("WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 100) INSERT INTO t (v) SELECT v FROM n").ExecuteNonQuery(), ct);

        // Each commit reads two rows of many and leaves the rest, as a reader that stops early does.
        const string Select = "SELECT v FROM t WHERE v > @after ORDER BY v";
        var commands = new List<object>();
        for (var commit = 0; commit < 3; commit++)
        {
            var after = commit * 10;
            var (command, first) = await writer.WriteAsync(c =>
            {
                var select = c.Command(Select).With("@after", after);
                using var reader = select.ExecuteReader();
                Assert.True(reader.Read());
                var value = reader.GetInt64(0);
                Assert.True(reader.Read());
                c.Command("UPDATE t SET v = v WHERE v = 1").ExecuteNonQuery(); // a write, so each commit is a write transaction
                return (select, value);
            }, ct);
            Assert.Equal(after + 1, first);
            commands.Add(command);
        }
        // One command (compiled once) served all three commits, each in its own transaction.
        Assert.All(commands, command => Assert.Same(commands[0], command));

        // Its statement was reset when its reader was disposed: no snapshot is left open in the WAL, so the WAL can
        // start over. A statement left open would keep the checkpoint busy and the WAL growing.
        var checkpoint = RowOnAnotherConnection("PRAGMA wal_checkpoint(RESTART)", busyTimeoutSeconds: 2);
        Assert.Equal(0L, checkpoint[0]); // not busy
        Assert.Equal(checkpoint[1], checkpoint[2]); // every frame copied back
    }

    [Fact]
    public async Task A_kept_statement_is_dropped_after_a_batch_that_used_it_threw_and_after_binding_a_large_value()
    {
        var (options, database) = MigratedStore();
        var ct = TestContext.Current.CancellationToken;
        await using var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance);
        await writer.WriteAsync(c => c.Command("CREATE TABLE t (b BLOB)").ExecuteNonQuery(), ct);
        const string Insert = "INSERT INTO t (b) VALUES (@b)";
        object InsertAndKeep(WriteContext c, int bytes)
        {
            var insert = c.Command(Insert).With("@b", new byte[bytes]);
            insert.ExecuteNonQuery();
            return insert;
        }

        var first = await writer.WriteAsync(c => InsertAndKeep(c, 16), ct);
        Assert.Same(first, await writer.WriteAsync(c => InsertAndKeep(c, 16), ct));
        object Count(WriteContext c)
        {
            var count = c.Command("SELECT COUNT(*) FROM t");
            count.ExecuteScalar();
            return count;
        }
        var unrelated = await writer.WriteAsync(Count, ct);

        // A batch that throws after using the statement: the next commit compiles it afresh, and it works.
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync<object>(c =>
        {
            InsertAndKeep(c, 16);
            throw new InvalidOperationException("fails after its insert");
        }, ct));
        var afterFailure = await writer.WriteAsync(c => InsertAndKeep(c, 16), ct);
        Assert.NotSame(first, afterFailure);
        Assert.Same(unrelated, await writer.WriteAsync(Count, ct)); // a statement the failed batch did not use stays compiled

        // A large value bound (a bulk send's rows) is not held past its commit: the statement goes with it.
        var large = await writer.WriteAsync(c => InsertAndKeep(c, 1 << 20), ct);
        Assert.Same(afterFailure, large);
        Assert.NotSame(large, await writer.WriteAsync(c => InsertAndKeep(c, 16), ct));

        Assert.Equal(5, RowOnAnotherConnection("SELECT COUNT(*) FROM t")[0]); // six inserts, the failed batch's undone
    }

    [Fact]
    public async Task A_failing_write_in_a_batch_is_undone_alone_and_its_neighbours_commit()
    {
        var (options, database) = MigratedStore();
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
        var counts = RowOnAnotherConnection("SELECT COUNT(*), SUM(v = 100) FROM t");
        Assert.Equal(199, counts[0]);
        Assert.Equal(0, counts[1]);
    }

    [Fact]
    public async Task A_batched_operation_runs_once_for_the_inputs_of_a_commit_and_a_failing_input_fails_alone()
    {
        var (options, database) = MigratedStore();
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

    [Fact]
    public async Task An_operation_that_can_runs_a_commit_of_only_its_inputs_as_one_statement_and_a_failing_input_fails_alone()
    {
        var (options, database) = MigratedStore();
        int inTransaction = 0, autocommitted = 0, largest = 0;
        void Insert(WriteContext c, IReadOnlyList<int> values)
        {
            var rows = new RowSet("r", ("v", RowColumn.Int64));
            foreach (var v in values)
            {
                rows.Add((long)v);
            }
            // 13 becomes 1300, a row there already: that input fails the statement.
            c.Command($"INSERT INTO t (v) SELECT r.v * CASE WHEN r.v = 13 THEN 100 ELSE 1 END FROM {database.Rows(rows)}", rows).ExecuteNonQuery();
        }
        var insert = new BatchWrite<int, long>((c, values) =>
        {
            Interlocked.Increment(ref inTransaction);
            Insert(c, values);
            return [.. values.Select(v => (long)v * 2)];
        })
        {
            // Negative inputs say they need the transaction.
            Autocommit = (c, values) =>
            {
                if (values.Any(v => v < 0))
                {
                    return null;
                }
                Interlocked.Increment(ref autocommitted);
                largest = Math.Max(largest, values.Count);
                Insert(c, values);
                return [.. values.Select(v => (long)v * 2)];
            },
        };
        await using (var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance))
        {
            var ct = TestContext.Current.CancellationToken;
            await writer.WriteAsync(c => c.Command("CREATE TABLE t (v INTEGER PRIMARY KEY); INSERT INTO t (v) VALUES (1300)").ExecuteNonQuery(), ct);
            var writes = Enumerable.Range(1, 200).Select(v => writer.WriteAsync(insert, v, ct)).ToList();
            await Assert.ThrowsAsync<SqliteException>(() => writes[12]);
            foreach (var (write, v) in writes.Select((w, i) => (w, i + 1)).Where(x => x.Item2 != 13))
            {
                Assert.Equal(v * 2, await write);
            }
            Assert.Equal(0, inTransaction);
            Assert.True(largest > 1, $"largest batch {largest}");

            // A commit that holds another write, or an input that needs the transaction, runs in a transaction.
            using var blocker = WriterBlock.Start(writer);
            // The blocker's commit is running. The input queued now goes into a commit with another write: the blocker's,
            // if that gathers it, else the next one, with the plain write queued after it.
            var mixed = writer.WriteAsync(insert, 5001, ct);
            var plain = writer.WriteAsync(c => c.Command("INSERT INTO t (v) VALUES (5000)").ExecuteNonQuery(), ct);
            await blocker.ReleaseAsync();
            await Task.WhenAll(plain, mixed);
            Assert.Equal(1, inTransaction);
            Assert.Equal(-10, await writer.WriteAsync(insert, -5, ct));
            Assert.Equal(2, inTransaction);
        }
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "smsgw.db")};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(203L, (long)command.ExecuteScalar()!); // 199 + the 1300 that was there + 5000, 5001, -5
    }

    [Fact]
    public async Task Sends_wait_behind_other_writes_and_a_commit_takes_at_most_the_configured_number_of_sent_messages()
    {
        var options = Options.Create(new StorageOptions { DataDirectory = _directory, MaxSentMessagesPerCommit = 1000 });
        var database = new SqliteEngine(options, NullLogger<SqliteEngine>.Instance);
        database.Migrate();
        var commits = new List<(WriteContext Commit, string What)>();
        var send = new BatchWrite<int, int>((c, sizes) =>
        {
            commits.AddRange(sizes.Select(size => (c, $"send {size}")));
            return sizes;
        })
        { SentMessages = size => size };
        var ct = TestContext.Current.CancellationToken;
        await using var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance);
        using var blocker = WriterBlock.Start(writer);
        // Queued while the blocker's commit runs: five sends of 400 messages, one of 1,500, then a dispatcher's write.
        var sends = new[] { 400, 400, 400, 400, 400, 1500 }.Select(size => writer.WriteAsync(send, size, ct)).ToList();
        var lease = writer.WriteAsync(c =>
        {
            commits.Add((c, "lease"));
            return true;
        }, ct);
        await blocker.ReleaseAsync();
        await Task.WhenAll([lease, .. sends]);

        var byCommit = commits.GroupBy(c => c.Commit).Select(g => g.Select(c => c.What).ToList()).ToList();
        // The lease, queued last, is in the first commit after the blocker's; the sends follow in their order, no
        // commit holding more than 1,000 of their messages, and the one larger than that alone.
        Assert.Equal(["lease", "send 400", "send 400"], byCommit[0]);
        Assert.Equal(["send 400", "send 400"], byCommit[1]);
        Assert.Equal(["send 400"], byCommit[2]);
        Assert.Equal(["send 1500"], byCommit[3]);
        Assert.Equal(4, byCommit.Count);
    }

    [Fact]
    public async Task The_wal_stays_bounded_under_steady_writes_with_readers_always_in_it()
    {
        var (options, database) = MigratedStore();
        var ct = TestContext.Current.CancellationToken;
        var wal = Path.Combine(_directory, "smsgw.db-wal");
        long largest = 0;
        await using (var writer = new StoreWriter(database, options, NullLogger<StoreWriter>.Instance))
        {
            await writer.WriteAsync(c => c.Command("CREATE TABLE t (b BLOB)").ExecuteNonQuery(), ct);
            // Two readers taking turns, so one always holds a snapshot in the WAL (as API reads do under load): a
            // passive checkpoint alone then never starts the WAL over, and it grew without end.
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "smsgw.db")}");
                connection.Open();
                while (!stop.IsCancellationRequested)
                {
                    using var read = connection.BeginTransaction(deferred: true);
                    using var count = connection.CreateCommand();
                    count.Transaction = read;
                    count.CommandText = "SELECT COUNT(*) FROM t";
                    count.ExecuteScalar();
                    Thread.Sleep(3);
                }
            }, ct)).ToList();
            // 200 MB at about 20 MB/s (a busy gateway wrote 15-25 MB/s), with always a write queued behind the one
            // committing, as under load: the writer goes from one commit straight to the next, and a reset that had to
            // find it between two got in late or never (the WAL reached 650 MB in the smpp bench). The 64 MB mark is
            // passed three times.
            var blob = new byte[64 * 1024];
            var inFlight = new Queue<Task<int>>();
            for (var i = 0; i < 3_200; i++)
            {
                inFlight.Enqueue(writer.WriteAsync(c =>
                {
                    Thread.Sleep(2); // the work of a real write: the transaction stays open as a batch of them runs
                    return c.Command("INSERT INTO t (b) VALUES (@b)").With("@b", blob).ExecuteNonQuery();
                }, ct));
                if (inFlight.Count == 8)
                {
                    await inFlight.Dequeue();
                }
                largest = Math.Max(largest, new FileInfo(wal).Length);
            }
            await Task.WhenAll(inFlight);
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }
        // The reset mark (64 MB) plus what a checkpoint tick or two of writes add before a reset lands (74-81 MB here, 94-149 MB
        // when the reset had to catch the writer between commits); without resets, all 200 MB.
        Assert.True(largest < 120L * 1024 * 1024, $"the WAL reached {largest:N0} bytes");
    }

    /// <summary>A write that holds the writer's commit open until released, so the test can queue work behind it.</summary>
    private sealed class WriterBlock : IDisposable
    {
        private readonly ManualResetEventSlim _hold = new();
        private Task<bool> _write = Task.FromResult(true);

        public static WriterBlock Start(StoreWriter writer)
        {
            var block = new WriterBlock();
            using var started = new ManualResetEventSlim();
            block._write = writer.WriteAsync(_ =>
            {
                started.Set();
                return block._hold.Wait(TimeSpan.FromSeconds(10));
            }, TestContext.Current.CancellationToken);
            Assert.True(started.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
            return block;
        }

        public async Task ReleaseAsync()
        {
            _hold.Set();
            Assert.True(await _write);
        }

        public void Dispose() => _hold.Dispose();
    }
}
