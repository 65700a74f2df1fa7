using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Webhooks;

namespace Smsgw.Storage.Sql;

/// <summary>
/// This process's one writer of the store (group commit). Callers queue work; a single loop runs every queued item
/// inside one transaction and commits once, then completes the callers (a commit of nothing but one operation's inputs
/// may instead be that operation's one statement, committing by itself: <see cref="BatchWrite{TIn, TOut}.Autocommit"/>).
/// Concurrent HTTP requests thereby share one durable commit (one fsync) instead of weakening durability, and a node
/// holds a hot row's lock (an account's sequence) once per batch rather than once per message. Should an item throw,
/// the batch is rolled back and its items re-run one transaction each, so one failure never undoes or fails its
/// neighbours. A conflict with another node's transaction (deadlock) is run again. New messages from send requests
/// wait behind every other queued write (<see cref="LaneQueue"/>).
/// </summary>
internal sealed class StoreWriter : IAsyncDisposable
{
    private static readonly TimeSpan MaxGather = TimeSpan.FromMilliseconds(2);
    private const int ConflictRetries = 5;

    private readonly Channel<WriteItem> _queue = Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = false });
    // Writes of shared rows (BatchWrite.HoldsSharedRows): the general queue with one lane, a lane of their own with more.
    private readonly Channel<WriteItem> _sharedRowsQueue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SqlEngine _engine;
    private readonly ILogger<StoreWriter> _logger;
    private readonly WebhookSignal? _webhookEvents;
    private readonly int _maxBatch;
    private readonly Task[] _lanes;
    private readonly Task _maintenance;

    /// <param name="webhookEvents">Woken after each commit that made webhook events due (none where nothing sends them).</param>
    public StoreWriter(SqlEngine engine, IOptions<StorageOptions> options, ILogger<StoreWriter> logger, WebhookSignal? webhookEvents = null)
    {
        _engine = engine;
        _logger = logger;
        _webhookEvents = webhookEvents;
        _maxBatch = Math.Max(1, options.Value.MaxWriteBatch);
        // One lane on SQLite (one writer is the design); on PostgreSQL each lane is a connection committing its own
        // batches, so one lane's round trips and commit wait overlap another's work.
        var lanes = engine.SingleNode ? 1 : Math.Max(1, options.Value.WriteConnections);
        // With several lanes, one of them takes every write of rows all writers need (an account's counters: the sends,
        // the inbound messages): a node then queues for those rows once, not once per lane, never deadlocks with itself
        // on them, and its other commits never hold them.
        _sharedRowsQueue = lanes == 1 ? _queue : Channel.CreateUnbounded<WriteItem>(new UnboundedChannelOptions { SingleReader = true });
        // Sends wait behind the rest only where they share a lane with it: apart, they hold up nothing.
        int? maxSentPerCommit = lanes == 1 ? Math.Max(1, options.Value.MaxSentMessagesPerCommit) : null;
        _lanes = [.. Enumerable.Range(0, lanes).Select(lane => Task.Factory.StartNew(() => Run(new LaneQueue(lane == 0 ? _sharedRowsQueue : _queue, maxSentPerCommit)),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        _maintenance = Task.Run(() => engine.RunMaintenanceAsync(_stopping.Token));
    }

    /// <summary>Runs <paramref name="work"/> in the next commit; completes after that commit is durable.</summary>
    public Task<T> WriteAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken = default)
    {
        var item = new WriteItem<T>(work);
        return Enqueue(item, _queue, item.Completion.Task, cancellationToken);
    }

    /// <summary>
    /// <see cref="WriteAsync{T}(Func{WriteContext, T}, CancellationToken)"/> for work that moves an account's counters
    /// (a conversation's, a list's): it goes where the sends go, so one node never takes those rows on two connections
    /// at once in opposite orders (a deadlock with itself).
    /// </summary>
    public Task<T> WriteSharedRowsAsync<T>(Func<WriteContext, T> work, CancellationToken cancellationToken = default)
    {
        var item = new WriteItem<T>(work);
        return Enqueue(item, _sharedRowsQueue, item.Completion.Task, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="input"/> in the next commit through <paramref name="operation"/>, together with every other
    /// input of that operation queued for the same commit; completes after that commit is durable.
    /// </summary>
    public Task<TOut> WriteAsync<TIn, TOut>(BatchWrite<TIn, TOut> operation, TIn input, CancellationToken cancellationToken = default)
    {
        var item = new BatchedItem<TIn, TOut>(operation, input);
        return Enqueue(item, operation.HoldsSharedRows ? _sharedRowsQueue : _queue, item.Completion.Task, cancellationToken);
    }

    private static Task<T> Enqueue<T>(WriteItem item, Channel<WriteItem> queue, Task<T> completion, CancellationToken cancellationToken)
    {
        if (!queue.Writer.TryWrite(item))
        {
            throw new ObjectDisposedException(nameof(StoreWriter));
        }
        // The caller may stop waiting, but the item stays queued: a write once handed over is not withdrawn.
        return completion.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// A lane's loop, on its own thread for its whole life: the database calls are synchronous, and waiting for work
    /// synchronously keeps them off the thread pool (no hop to a pool thread per batch, no pool thread blocked on I/O).
    /// </summary>
    private void Run(LaneQueue queue)
    {
        LaneConnection? connection = null;
        var batch = new List<WriteItem>(_maxBatch);
        try
        {
            while (queue.WaitForWork())
            {
                queue.StartCommit();
                if (!queue.TakeInto(batch, _maxBatch))
                {
                    continue; // another lane took what woke this one
                }
                try
                {
                    connection ??= new LaneConnection(_engine);
                    if (!TryCommit(connection, batch, queue, out _))
                    {
                        foreach (var item in batch)
                        {
                            CommitAlone(connection, item);
                        }
                    }
                    _engine.BetweenCommits(connection.Connection);
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

    /// <summary>
    /// Runs the items in one transaction (or as one statement, <see cref="TryAutocommit"/>); on an item's exception rolls
    /// back everything and returns false.
    /// With <paramref name="gatherFrom"/>, items queued while these ran join the same commit (up to the batch size
    /// and <see cref="MaxGather"/>): under load a commit then carries more work per fsync, with no idle waiting.
    /// </summary>
    private bool TryCommit(LaneConnection connection, List<WriteItem> items, LaneQueue? gatherFrom, out Exception? error)
    {
        error = null;
        if (TryAutocommit(connection, items, ref error) is { } done)
        {
            return done;
        }
        using (var transaction = connection.Connection.BeginTransaction())
        using (var context = connection.Context(transaction))
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                // Batched items wait until the gathering ends, then each operation runs once for all of its items. The
                // items of one commit were queued concurrently (none waits for another's commit), so any order of
                // them is one their callers could have seen.
                List<WriteItem>? batched = null;
                for (var i = 0; ;)
                {
                    for (; i < items.Count; i++)
                    {
                        if (items[i].Operation is null)
                        {
                            items[i].Run(context);
                        }
                        else
                        {
                            (batched ??= []).Add(items[i]);
                        }
                    }
                    if (gatherFrom is null || items.Count >= _maxBatch || Stopwatch.GetElapsedTime(started) > MaxGather || !gatherFrom.TakeInto(items, _maxBatch))
                    {
                        break;
                    }
                }
                if (batched is not null)
                {
                    // An operation that takes a row every writer needs (an account's counters) runs last, so that
                    // row stays locked only for its own statements and the commit.
                    foreach (var group in batched.GroupBy(item => item.Operation).OrderBy(group => group.First().HoldsSharedRows))
                    {
                        group.First().RunBatch(context, [.. group]);
                    }
                }
            }
            catch (Exception ex) when (_engine.IsConnectionFault(ex))
            {
                throw;
            }
            catch (Exception ex)
            {
                transaction.Rollback();
                connection.DropCommandsOfFailedBatch();
                error = ex;
                return false;
            }
            transaction.Commit();
            Committed(context);
        }
        foreach (var item in items)
        {
            item.Complete();
        }
        return true;
    }

    /// <summary>
    /// A commit of nothing but inputs of one operation that can run them as one statement of its own (no transaction
    /// around it: it commits as it ends). True when it ran, false when it threw, null when these items need a transaction.
    /// </summary>
    private bool? TryAutocommit(LaneConnection connection, List<WriteItem> items, ref Exception? error)
    {
        if (items[0].Operation is not { } operation || !items.TrueForAll(item => item.Operation == operation))
        {
            return null;
        }
        using var context = connection.Context(transaction: null);
        Action? complete;
        try
        {
            // A statement that failed committed nothing: its items may run again, one by one.
            complete = items[0].TryRunAutocommit(context, items);
        }
        catch (Exception ex) when (!_engine.IsConnectionFault(ex))
        {
            connection.DropCommandsOfFailedBatch();
            error = ex;
            return false;
        }
        if (complete is null)
        {
            return null;
        }
        try
        {
            if (context.DurabilityPending)
            {
                _engine.WaitUntilDurable(connection.Connection);
            }
            Committed(context);
            complete();
        }
        catch (Exception ex)
        {
            // The statement committed (durably or not: unknown): running the items again could store them twice.
            foreach (var item in items)
            {
                item.Fail(ex);
            }
            if (_engine.IsConnectionFault(ex))
            {
                throw; // the lane renews its connection (failing these items again changes nothing)
            }
            return true;
        }
        foreach (var item in items)
        {
            item.Complete();
        }
        return true;
    }

    /// <summary>
    /// After a durable commit. The sender is woken by the commits that gave it events, not by every write that might
    /// have: under the smpp bench (no webhook) that woke it ~4,000 times a second, each time for two reads that found
    /// nothing.
    /// </summary>
    private void Committed(WriteContext context)
    {
        if (context.WebhookEventsDue)
        {
            _webhookEvents?.EventsMayHaveBeenAdded();
        }
    }

    /// <summary>One item in its own transaction; a conflict with another node's transaction runs it again.</summary>
    private void CommitAlone(LaneConnection connection, WriteItem item)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (TryCommit(connection, [item], gatherFrom: null, out var error))
            {
                return;
            }
            if (attempt >= ConflictRetries || !_engine.IsTransientConflict(error!))
            {
                item.Fail(error!);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _sharedRowsQueue.Writer.TryComplete();
        await Task.WhenAll(_lanes).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _maintenance.ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>A lane's connection and the commands it keeps (<see cref="WriterCommands"/>): opened together, disposed together.</summary>
    private sealed class LaneConnection : IDisposable
    {
        private readonly SqlEngine _engine;
        private readonly WriterCommands? _commands;

        public LaneConnection(SqlEngine engine)
        {
            _engine = engine;
            Connection = engine.OpenWriteConnection();
            _commands = engine.ReusesCommands ? new WriterCommands(Connection) : null;
        }

        public DbConnection Connection { get; }

        public WriteContext Context(DbTransaction? transaction) => new(_engine, Connection, transaction, _commands);

        /// <summary>After a batch that threw (see <see cref="WriterCommands.DropUsedInCommit"/>).</summary>
        public void DropCommandsOfFailedBatch() => _commands?.DropUsedInCommit();

        public void Dispose()
        {
            _commands?.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>
    /// What one lane commits next. Every write but a send request (leases, outcomes, receipts, webhooks, inbound
    /// messages: the progress of messages already taken) goes first; send requests follow, in their order, with at
    /// most <see cref="StorageOptions.MaxSentMessagesPerCommit"/> new messages in one commit (one request at least, so
    /// sends never starve). Under a flood of sends, a commit stays short, so the dispatcher's and the receipts' writes
    /// wait for a short commit rather than for thousands of inserts; the sends then wait (their HTTP answer comes later)
    /// instead of the messages already accepted, which is what keeps a one-time code from queueing behind a bulk send.
    /// </summary>
    private sealed class LaneQueue(Channel<WriteItem> queue, int? maxSentPerCommit)
    {
        private readonly Queue<WriteItem> _sends = new();
        private int _sentInCommit;

        /// <summary>Blocks until there is work; false once the queue is completed and everything was taken.</summary>
        public bool WaitForWork() => _sends.Count > 0 || queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

        public void StartCommit() => _sentInCommit = 0;

        /// <summary>Moves queued writes into <paramref name="batch"/> (up to <paramref name="max"/>); true when it added any.</summary>
        public bool TakeInto(List<WriteItem> batch, int max)
        {
            var before = batch.Count;
            while (batch.Count < max && queue.Reader.TryRead(out var item))
            {
                if (maxSentPerCommit is not null && item.SentMessages > 0)
                {
                    _sends.Enqueue(item);
                }
                else
                {
                    batch.Add(item);
                }
            }
            while (_sends.TryPeek(out var send)
                && (_sentInCommit == 0 || (batch.Count < max && _sentInCommit + send.SentMessages <= maxSentPerCommit)))
            {
                batch.Add(_sends.Dequeue());
                _sentInCommit += send.SentMessages;
            }
            return batch.Count > before;
        }
    }

    private abstract class WriteItem
    {
        /// <summary>The <see cref="BatchWrite{TIn, TOut}"/> this item is an input of, or null for a write of its own.</summary>
        public virtual object? Operation => null;

        public virtual bool HoldsSharedRows => false;

        /// <summary>How many messages a send request brings in (0 for every other write).</summary>
        public virtual int SentMessages => 0;

        public abstract void Run(WriteContext context);

        /// <summary>Runs this item's operation once for <paramref name="items"/> (all of that operation).</summary>
        public virtual void RunBatch(WriteContext context, List<WriteItem> items) => throw new InvalidOperationException();

        /// <summary>
        /// Runs <paramref name="items"/> (all of this item's operation) as one statement outside a transaction, if the
        /// operation can: then returns what hands the items their results, else null having run nothing.
        /// </summary>
        public virtual Action? TryRunAutocommit(WriteContext context, List<WriteItem> items) => null;

        public abstract void Complete();
        public abstract void Fail(Exception exception);
    }

    private sealed class WriteItem<T>(Func<WriteContext, T> work) : WriteItem
    {
        private T _result = default!;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(WriteContext context) => _result = work(context);

        public override void Complete() => Completion.TrySetResult(_result);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    private sealed class BatchedItem<TIn, TOut>(BatchWrite<TIn, TOut> operation, TIn input) : WriteItem
    {
        private TOut _result = default!;

        public TaskCompletionSource<TOut> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TIn Input { get; } = input;

        public override object? Operation => operation;

        public override bool HoldsSharedRows => operation.HoldsSharedRows;

        public override int SentMessages => operation.SentMessages?.Invoke(Input) ?? 0;

        public override void Run(WriteContext context) => RunBatch(context, [this]);

        public override void RunBatch(WriteContext context, List<WriteItem> items)
        {
            var batch = items.ConvertAll(item => (BatchedItem<TIn, TOut>)item);
            Take(batch, operation.Run(context, batch.ConvertAll(item => item.Input)));
        }

        public override Action? TryRunAutocommit(WriteContext context, List<WriteItem> items)
        {
            if (operation.Autocommit is not { } autocommit)
            {
                return null;
            }
            var batch = items.ConvertAll(item => (BatchedItem<TIn, TOut>)item);
            return autocommit(context, batch.ConvertAll(item => item.Input)) is { } results ? () => Take(batch, results) : null;
        }

        private static void Take(List<BatchedItem<TIn, TOut>> batch, IReadOnlyList<TOut> results)
        {
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"A batch write returned {results.Count} results for {batch.Count} inputs.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i]._result = results[i];
            }
        }

        public override void Complete() => Completion.TrySetResult(_result);

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }
}

/// <summary>
/// A write that runs for many callers at once: the writer hands <paramref name="run"/> the inputs of this operation
/// queued for one commit, and it answers with one result per input, in order. Written set-based (a statement per step
/// for all of them), it costs one round trip per step instead of one per caller.
/// </summary>
internal sealed class BatchWrite<TIn, TOut>(Func<WriteContext, IReadOnlyList<TIn>, IReadOnlyList<TOut>> run)
{
    /// <summary>
    /// It locks rows every writer needs (held until the commit): it runs after the commit's other work, and with
    /// several write connections on a lane of its own.
    /// </summary>
    public bool HoldsSharedRows { get; init; }

    /// <summary>
    /// The same work as one statement outside any transaction (it commits as it ends), for a commit that holds nothing
    /// but inputs of this operation; it returns null, having run nothing, when these inputs or this engine need the
    /// transaction. It runs exactly one statement, last: if that throws, nothing was stored and the inputs are run
    /// again one by one; once it has run, they are stored. Such a statement holds the rows it locks while it runs and
    /// commits, not while this process gets around to its next statement: on a machine short of CPU, that wait was most
    /// of the time another node queued behind an account's counter row.
    /// </summary>
    public Func<WriteContext, IReadOnlyList<TIn>, IReadOnlyList<TOut>?>? Autocommit { get; init; }

    /// <summary>
    /// For send requests: how many new messages an input brings in. Such inputs queue behind the lane's other writes
    /// and are taken into a commit up to <see cref="StorageOptions.MaxSentMessagesPerCommit"/> (<c>LaneQueue</c>).
    /// </summary>
    public Func<TIn, int>? SentMessages { get; init; }

    public IReadOnlyList<TOut> Run(WriteContext context, IReadOnlyList<TIn> inputs) => run(context, inputs);
}
