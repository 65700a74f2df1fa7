using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smsgw.Storage.Sql;

namespace Smsgw.Storage.Sqlite;

/// <summary>
/// The SQLite file: one server per data directory, WAL so reads run beside the one writer, synchronous=FULL so
/// every commit survives power loss. Checkpoints run in the background, off the commit path.
/// </summary>
internal sealed class SqliteEngine : SqlEngine
{
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// WAL frames (pages written) after which the writer starts the WAL over (<see cref="BetweenCommits"/>). A
    /// passive checkpoint copies frames back but never resets the file while some reader still reads from it, which
    /// under steady load is always: the WAL grew by ~10 MB/s without end (955 MB after 100 s of the smpp bench), every
    /// append allocating and zeroing new blocks.
    /// </summary>
    private const long WalResetFrames = 16_384;

    /// <summary>How long a reset may wait for the readers still in the WAL (the writer's commits wait meanwhile).</summary>
    private const int WalResetBusyMilliseconds = 25;

    private static readonly TimeSpan MaxWalResetBackoff = TimeSpan.FromSeconds(8);

    /// <summary>
    /// What a reset WAL file larger than this is cut back to (bytes). Well above what a cycle of
    /// <see cref="WalResetFrames"/> plus a checkpoint tick of writes reaches, so the file is cut only after an excursion
    /// (a long read held the reset off): cut at every reset, each cycle's writes past the cut landed on fresh blocks the
    /// kernel allocates and zeroes, 7 % of the gateway's CPU in the smpp bench.
    /// </summary>
    private const long WalSizeLimit = 256L * 1024 * 1024;

    /// <summary>
    /// The writer's page cache (KiB; SQLite's default is 2 MB). Its connection is the only one that writes, so its cache
    /// stays valid from one commit to the next, and what a commit touches is mostly pages the ones before it touched: the
    /// tails of the tables and of the indexes keyed by time, and the leaves of the conversation index a bulk send to
    /// many numbers hits at random. With 2 MB those fell out between commits and were read back (twice the reads in the
    /// accept bench); at 64 MB the smpp bench drained its backlog at 15,754–16,194 submits/s against 12,433–13,100, and
    /// delivered 80–85 % of the sink's ceiling end to end against 68–72 %.
    /// </summary>
    private const int WriterCacheKibibytes = 64 * 1024;

    /// <summary>How long the writer waits for another process's write lock (the CLI's): the connection timeout's 30 s.</summary>
    private const int WriterBusyMilliseconds = 30_000;

    private readonly string _connectionString;
    private readonly ILogger<SqliteEngine> _logger;

    // Set by the maintenance loop, cleared by the writer once the WAL started over. After a reset the readers held off,
    // the writer tries again at _walResetRetryAt (a Stopwatch timestamp; 0: at its next commit); the back-off is its own.
    private bool _walResetWanted;
    private long _walResetRetryAt;
    private TimeSpan _walResetBackoff;

    /// <summary>
    /// SQLite's process-wide settings, made before its first use (once it has run it answers SQLITE_MISUSE and keeps its
    /// defaults, which are safe too). Multi-thread mode: a connection is never used by two threads at once here (ADO.NET
    /// connections are not thread-safe, and the pool lends each to one caller), so SQLite's own lock around every call on
    /// a connection (serialized mode, the build's default) only cost time. No memory statistics: nothing reads them, and
    /// keeping them took one process-wide lock per allocation, shared by the writer and every reader. Together those
    /// locks were 4-5 % of the writer's CPU samples under the smpp bench's load.
    /// </summary>
    static SqliteEngine()
    {
        SQLitePCL.Batteries_V2.Init();
        SQLitePCL.raw.sqlite3_config(SqliteConfigMultithread);
        SQLitePCL.raw.sqlite3_config(SqliteConfigMemstatus, 0);
    }

    private const int SqliteConfigMultithread = 2;
    private const int SqliteConfigMemstatus = 9;

    public SqliteEngine(IOptions<StorageOptions> options, ILogger<SqliteEngine> logger)
    {
        _logger = logger;
        var path = options.Value.SqlitePath;
        Location = path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Doubles as the busy timeout: another process (the CLI) may hold the write lock briefly.
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Provider => "sqlite";

    public override string Location { get; }

    public override bool SingleNode => true;

    public override bool WritableCtes => false;

    public override bool ReusesCommands => true;

    public override string SkipLocked => "";

    public override string RandomHexId => "lower(hex(randomblob(16)))";

    protected override string MigrationsFolder => "Sqlite";

    public override DbConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    // Microsoft.Data.Sqlite has no asynchronous I/O (its async methods block too): open synchronously.
    public override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) => ValueTask.FromResult(OpenConnection());

    /// <remarks>
    /// Not pooled: its settings (the 64 MB cache, no automatic checkpoint) are the writer's alone, and a connection
    /// dropped after a fault must close, not go back to the pool for a reader (or the next writer) to take.
    /// </remarks>
    public override DbConnection OpenWriteConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        connection.Open();
        // Checkpoints run on their own connection (RunMaintenanceAsync), off the commit path.
        Execute(connection, null, $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={WriterBusyMilliseconds}; PRAGMA cache_size=-{WriterCacheKibibytes}; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit={WalSizeLimit};");
        return connection;
    }

    public override DbTransaction BeginSnapshot(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public override string InIds(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    // The ids travel as one JSON array, so one statement serves a whole batch.
    public override object Ids(IReadOnlyList<long> ids) => JsonSerializer.Serialize(ids, SqliteJsonContext.Default.IReadOnlyListInt64);

    // jsonb_each hands each row over as a binary JSON value, which json_extract reads in place; json_each would render
    // every row as text for each column's json_extract to parse again (measured: ~12 % of a busy gateway's CPU). The
    // rows arrive as UTF-8 bytes, read as text by the CAST (no conversion).
    public override string Rows(RowSet rows) =>
        $"(SELECT {string.Join(", ", rows.Columns.Select((c, i) => $"json_extract(value, '$[{i}]') AS {c.Name}"))} FROM jsonb_each(CAST(@{rows.Name} AS TEXT))) AS {rows.Name}";

    /// <summary>This thread's buffer for <see cref="BindRows"/>, kept between statements up to <see cref="MaxKeptRowsBuffer"/> bytes.</summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_rowsBuffer;

    private const int MaxKeptRowsBuffer = 4 << 20;

    /// <summary>
    /// The rows as one JSON array of arrays, bound as its UTF-8 bytes: one allocation of their exact size. Bound as a
    /// string, a commit of 1,000 sends cost five times that in the large-object heap (the growing buffer, the UTF-16
    /// string, its UTF-8 copy for SQLite), whose fills start full collections.
    /// </summary>
    public override void BindRows(DbCommand command, RowSet rows)
    {
        var buffer = t_rowsBuffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                foreach (var row in rows.Rows)
                {
                    json.WriteStartArray();
                    foreach (var value in row)
                    {
                        switch (value)
                        {
                            case null: json.WriteNullValue(); break;
                            case long l: json.WriteNumberValue(l); break;
                            case int n: json.WriteNumberValue(n); break;
                            default: json.WriteStringValue((string)value); break;
                        }
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            command.With($"@{rows.Name}", buffer.WrittenSpan.ToArray());
        }
        finally
        {
            if (buffer.Capacity > MaxKeptRowsBuffer)
            {
                t_rowsBuffer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }
    }

    public override string? LockKey(string keyParameter) => null;

    public override bool IsConnectionFault(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 10 /* IOERR */ or 11 /* CORRUPT */ or 13 /* FULL */ or 14 /* CANTOPEN */ or 5 /* BUSY */ };

    public override bool IsTransientConflict(Exception exception) => false;

    // The migration connection's write transactions exclude each other already.
    protected override void LockMigrations(DbConnection connection)
    {
    }

    protected override void UnlockMigrations(DbConnection connection)
    {
    }

    /// <summary>
    /// Copies the WAL back into the database file. PASSIVE never blocks the writer or readers, and keeps that work
    /// (and its fsync of the main file) off the thread every commit waits on. Once the WAL holds
    /// <see cref="WalResetFrames"/>, it asks the writer to start the WAL over (<see cref="BetweenCommits"/>).
    /// </summary>
    public override async Task RunMaintenanceAsync(CancellationToken stopping)
    {
        try
        {
            using var timer = new PeriodicTimer(CheckpointInterval);
            DbConnection? connection = null;
            try
            {
                while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
                {
                    try
                    {
                        // A reset due at the writer's next commit checkpoints everything itself, and a passive checkpoint
                        // running here would make it busy. While the writer waits to try again, the passive ones go on,
                        // so its next try has little left to copy.
                        if (Volatile.Read(ref _walResetWanted) && Volatile.Read(ref _walResetRetryAt) == 0)
                        {
                            continue;
                        }
                        connection ??= OpenConnection();
                        if (Checkpoint(connection, "PASSIVE").Frames >= WalResetFrames)
                        {
                            Volatile.Write(ref _walResetWanted, true);
                        }
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

    /// <summary>
    /// Starts the WAL over when <see cref="RunMaintenanceAsync"/> asked for it: a RESTART checkpoint on the writer's own
    /// connection, between two of its commits. Run from any other connection it must catch the writer between commits,
    /// which under load (one commit after the other) it rarely did: the WAL grew to 650 MB in the smpp bench. Here it
    /// waits only for readers still in the WAL, at most <see cref="WalResetBusyMilliseconds"/>; when they hold it off,
    /// the next try comes later, each time twice as late up to <see cref="MaxWalResetBackoff"/>, so a long report read
    /// delays the reset, never the commits by more than that now and then.
    /// </summary>
    public override void BetweenCommits(DbConnection writeConnection)
    {
        var retryAt = Volatile.Read(ref _walResetRetryAt);
        if (!Volatile.Read(ref _walResetWanted) || (retryAt != 0 && Stopwatch.GetTimestamp() < retryAt))
        {
            return;
        }
        try
        {
            Execute(writeConnection, null, $"PRAGMA busy_timeout={WalResetBusyMilliseconds};");
            try
            {
                if (Checkpoint(writeConnection, "RESTART").Busy)
                {
                    RetryWalResetLater();
                    return;
                }
            }
            finally
            {
                Execute(writeConnection, null, $"PRAGMA busy_timeout={WriterBusyMilliseconds};");
            }
            _walResetBackoff = TimeSpan.Zero;
            Volatile.Write(ref _walResetRetryAt, 0);
            Volatile.Write(ref _walResetWanted, false);
        }
        catch (SqliteException ex)
        {
            // The commits are done and durable; the WAL is started over at a later try.
            StorageLog.CheckpointFailed(_logger, ex);
            RetryWalResetLater();
        }
    }

    private void RetryWalResetLater()
    {
        _walResetBackoff = _walResetBackoff == TimeSpan.Zero ? CheckpointInterval : TimeSpan.FromTicks(Math.Min(_walResetBackoff.Ticks * 2, MaxWalResetBackoff.Ticks));
        Volatile.Write(ref _walResetRetryAt, Stopwatch.GetTimestamp() + (long)(_walResetBackoff.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Runs a checkpoint: whether it gave up (busy), and the frames the WAL held.</summary>
    private static (bool Busy, long Frames) Checkpoint(DbConnection connection, string mode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1)) : (false, 0);
    }
}
