using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smsgw.Storage.Sqlite;

/// <summary>
/// The one writer of the SQLite file (group commit). Callers queue work; a single loop runs every queued item
/// inside one transaction and commits once with synchronous=FULL, then completes the callers. Concurrent HTTP
/// requests thereby share one fsync instead of weakening durability. Should an item throw, the batch is rolled
/// back and its items re-run one transaction each, so one failure never undoes or fails its neighbours.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxGather = TimeSpan.FromMilliseconds(2);

    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly SqliteDatabase _database;
    private readonly ILogger<SqliteWriter> _logger;
    private readonly int _maxBatch;
    private readonly Task _loop;
    private readonly Task _checkpoints;

    public SqliteWriter(SqliteDatabase database, IOptions<StorageOptions> options, ILogger<SqliteWriter> logger)
    {
        _database = database;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxWriteBatch);
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        _checkpoints = Task.Run(CheckpointAsync);
    }

    /// <summary>Runs <paramref name="work"/> in the next commit; completes after that commit is durable.</summary>
    public Task<T> WriteAsync<T>(Func<SqliteWriteContext, T> work, CancellationToken cancellationToken = default)
    {
        var item = new WriteItem<T>(work);
        if (!_queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter));
        }
        // The caller may stop waiting, but the item stays queued: a write once handed over is not withdrawn.
        return item.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        SqliteConnection? connection = null;
        var batch = new List<WriteItem>(_maxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
                try
                {
                    connection ??= OpenWriteConnection();
                    if (!TryCommit(connection, batch, gatherMore: true, out _))
                    {
                        foreach (var item in batch)
                        {
                            if (!TryCommit(connection, [item], gatherMore: false, out var error))
                            {
                                item.Fail(error!);
                            }
                        }
                    }
                }
                catch (Exception ex)
                {
                    StorageLog.WriteBatchFailed(_logger, batch.Count, ex);
                    foreach (var item in batch)
                    {
                        item.Fail(ex);
                    }
                    connection?.Dispose();
                    connection = null;
                }
                batch.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection OpenWriteConnection()
    {
        var connection = _database.OpenForWrite();
        // Checkpoints run on their own connection (CheckpointAsync), off the commit path.
        SqliteDatabase.Execute(connection, "PRAGMA wal_autocheckpoint=0");
        return connection;
    }

    /// <summary>
    /// Runs the items in one transaction; on an item's exception rolls back everything and returns false.
    /// With <paramref name="gatherMore"/>, items queued while these ran join the same commit (up to the batch size
    /// and <see cref="MaxGather"/>): under load a commit then carries more work per fsync, with no idle waiting.
    /// </summary>
    private bool TryCommit(SqliteConnection connection, List<WriteItem> items, bool gatherMore, out Exception? error)
    {
        error = null;
        using (var transaction = connection.BeginTransaction(deferred: false))
        using (var context = new SqliteWriteContext(connection, transaction))
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                for (var i = 0; ;)
                {
                    for (; i < items.Count; i++)
                    {
                        items[i].Run(context);
                    }
                    if (!gatherMore || items.Count >= _maxBatch || Stopwatch.GetElapsedTime(started) > MaxGather || !_queue.Reader.TryRead(out var next))
                    {
                        break;
                    }
                    items.Add(next);
                }
            }
            catch (SqliteException ex) when (IsConnectionFault(ex))
            {
                throw;
            }
            catch (Exception ex)
            {
                transaction.Rollback();
                error = ex;
                return false;
            }
            transaction.Commit();
        }
        foreach (var item in items)
        {
            item.Complete();
        }
        return true;
    }

    /// <summary>Faults of the file or connection, not of one item's data: the whole batch fails and the connection is renewed.</summary>
    private static bool IsConnectionFault(SqliteException ex) => ex.SqliteErrorCode is 10 /* IOERR */ or 11 /* CORRUPT */ or 13 /* FULL */ or 14 /* CANTOPEN */ or 5 /* BUSY */;

    /// <summary>
    /// Copies the WAL back into the database file in the background. PASSIVE never blocks the writer or readers,
    /// and keeps that work (and its fsync of the main file) off the thread every commit waits on.
    /// </summary>
    private async Task CheckpointAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(CheckpointInterval);
            SqliteConnection? connection = null;
            try
            {
                while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
                {
                    try
                    {
                        connection ??= _database.Open();
                        SqliteDatabase.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
                    }
                    catch (SqliteException ex)
                    {
                        StorageLog.CheckpointFailed(_logger, ex);
                        connection?.Dispose();
                        connection = null;
                    }
                }
            }
            finally
            {
                connection?.Dispose();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _checkpoints.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private abstract class WriteItem
    {
        public abstract void Run(SqliteWriteContext context);
        public abstract void Complete();
        public abstract void Fail(Exception exception);
    }

    private sealed class WriteItem<T>(Func<SqliteWriteContext, T> work) : WriteItem
    {
        private T _result = default!;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteWriteContext context) => _result = work(context);

        public override void Complete() => Completion.TrySetResult(_result);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}
