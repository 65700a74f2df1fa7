using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smsgw.Storage.Sqlite;

/// <summary>
/// The one writer of the SQLite file (group commit). Callers queue work; a single loop runs every queued
/// item inside one transaction, each under its own savepoint so one failure does not undo its neighbours,
/// then commits once with synchronous=FULL and completes the callers. Concurrent HTTP requests thereby share
/// one fsync instead of weakening durability.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteDatabase _database;
    private readonly ILogger<SqliteWriter> _logger;
    private readonly int _maxBatch;
    private readonly Task _loop;

    public SqliteWriter(SqliteDatabase database, IOptions<StorageOptions> options, ILogger<SqliteWriter> logger)
    {
        _database = database;
        _logger = logger;
        _maxBatch = Math.Max(1, options.Value.MaxWriteBatch);
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
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
                    connection ??= _database.OpenForWrite();
                    Commit(connection, batch);
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

    private static void Commit(SqliteConnection connection, List<WriteItem> batch)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var context = new SqliteWriteContext(connection, transaction);
        foreach (var item in batch)
        {
            context.Savepoint();
            try
            {
                item.Run(context);
                context.Release();
            }
            catch (Exception ex)
            {
                context.RollbackToSavepoint();
                item.Fail(ex);
            }
        }
        transaction.Commit();
        foreach (var item in batch)
        {
            item.Complete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
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
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteWriteContext context) => _result = work(context);

        public override void Complete()
        {
            if (_error is null)
            {
                Completion.TrySetResult(_result);
            }
        }

        public override void Fail(Exception exception)
        {
            _error = exception;
            Completion.TrySetException(exception);
        }
    }
}
