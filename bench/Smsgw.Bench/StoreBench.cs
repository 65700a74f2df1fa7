using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Storage.Sql;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Bench;

/// <summary>
/// The SQLite writer's CPU per message, step by step, with no HTTP or SMPP around it: in rounds of 1,000 messages, 20 sends
/// of 50 recipients queued at once, then the 1,000 leased, recorded as submitted and given a receipt each, as the
/// dispatcher and a busy SMSC hand them over. The writer thread's own CPU clock is read as each step's calls complete, so a
/// change to the store shows in seconds and without the smpp bench's drift (the sim and the HTTP driver share the cores
/// there). Not counted, or counted in the next step: what the writer does after completing a commit's callers (the WAL's
/// upkeep, a short spin before it sleeps: waiting for it to sleep before each reading would count that spin, which a busy
/// writer does not pay), and checkpoints, which run on another thread. Baseline in the same run: the raw insert (the three
/// statements a send runs, prepared once, 1,000 a commit) on the calling thread's clock, after a warm-up.
/// </summary>
internal static class StoreBench
{
    private const int Round = 1_000;
    private const int RecipientsPerSend = 50;
    private const string Carrier = "bench";

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        var total = Math.Max(Round, options.StoreMessages / Round * Round);
        Console.WriteLine();
        Console.WriteLine($"== store: the SQLite writer's CPU per message, by step ({total:N0} messages, {Round:N0} a commit, no HTTP or SMPP)");
        using var scratch = new ScratchDirectory("store");

        // The first run loads SQLite and compiles the code; the measured one starts warm. Its rows are its rate times its
        // own elapsed time (it ends a batch past the duration).
        StorageBaselines.RawInsert(Path.Combine(scratch.Path, "raw-warmup"), Round, TimeSpan.FromSeconds(1));
        var rawCpu = ThreadCpu.Current();
        var rawWall = Stopwatch.StartNew();
        var (rawRows, _) = StorageBaselines.RawInsert(Path.Combine(scratch.Path, "raw"), Round, options.BaselineDuration);
        var rawMicroseconds = (ThreadCpu.Current() - rawCpu).TotalMicroseconds / (rawRows * rawWall.Elapsed.TotalSeconds);
        Console.WriteLine($"   raw SQLite insert, {Round:N0} a commit (baseline, the caller's CPU): {rawMicroseconds,6:F1} us a message  ({rawRows:N0} rows/s)");

        var storage = Options.Create(new StorageOptions { DataDirectory = Path.Combine(scratch.Path, "store") });
        var database = new SqliteEngine(storage, NullLogger<SqliteEngine>.Instance);
        database.Migrate();
        var before = ThreadCpu.LongRunningThreads();
        await using var writer = new StoreWriter(database, storage, NullLogger<StoreWriter>.Instance);
        var writerThread = await ThreadCpu.FindNewAsync(before);
        var accounts = new SqlAccountStore(database, writer);
        var account = await accounts.CreateAsync("store", "store", ClientCredentials.Hash("x"), DateTimeOffset.UtcNow, CancellationToken.None)
            ?? throw new InvalidOperationException("could not create the account");
        var store = new SqlMessageStore(database, writer);
        var info = SmsText.Measure(StorageBaselines.Body);
        var random = new Random(1);
        var steps = new TimeSpan[4];
        long carrierId = 0x10000000;
        var wall = Stopwatch.StartNew();
        for (var done = 0L; done < total; done += Round)
        {
            // Every input is built before the first is queued, so the writer can take them into as few commits as it will.
            var now = DateTimeOffset.UtcNow;
            var sends = Enumerable.Range(0, Round / RecipientsPerSend).Select(_ => (IReadOnlyList<NewOutboundMessage>)[.. Enumerable.Range(0, RecipientsPerSend)
                .Select(_ => new NewOutboundMessage(MessageId.New(now), Recipients.Random(random), "MyBrand",
                    StorageBaselines.Body, null, null, info.Encoding, info.Parts, now, null, now, now.AddHours(48)))]).ToList();
            var cpu = writerThread.Elapsed();
            await Task.WhenAll(sends.Select(messages => store.InsertAcceptedAsync(account.Id, messages, null, CancellationToken.None)));
            cpu = Step(0, cpu);

            var leased = await store.LeaseDueAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), Round, CancellationToken.None);
            cpu = Step(1, cpu);

            var submitted = leased.Select(m => (m.RowId, m.Attempts, Id: (carrierId++).ToString("x", System.Globalization.CultureInfo.InvariantCulture))).ToList();
            List<DispatchOutcome> outcomes = [.. submitted.Select(m => new DispatchOutcome.Submitted(m.RowId, m.Attempts, Carrier, [m.Id]))];
            await store.RecordOutcomesAsync(outcomes, DateTimeOffset.UtcNow, CancellationToken.None);
            cpu = Step(2, cpu);

            // One call per receipt, as the SMPP carrier makes them: the writer folds those of one commit into one pass.
            var receipts = submitted.Select(m => (IReadOnlyList<DeliveryReceipt>)[new DeliveryReceipt(Carrier, m.Id, MessageStatus.Delivered, null, DateTimeOffset.UtcNow)]).ToList();
            await Task.WhenAll(receipts.Select(receipt => store.ApplyDeliveryReceiptsAsync(receipt, CancellationToken.None)));
            Step(3, cpu);
        }
        var delivered = await CountDeliveredAsync(database);
        string[] names = ["accept (20 sends of 50 at once)", "lease (1,000 at once)", "outcome (1,000 submitted)", "receipt (1,000 at once, a call each)"];
        for (var i = 0; i < steps.Length; i++)
        {
            var perMessage = steps[i].TotalMicroseconds / total;
            Console.WriteLine($"   {names[i],-38} {perMessage,6:F1} us of writer CPU a message  ({perMessage / rawMicroseconds,4:F2}x the raw insert)");
        }
        var all = steps.Sum(s => s.TotalMicroseconds) / total;
        Console.WriteLine($"   {"all four",-38} {all,6:F1} us of writer CPU a message  ({all / rawMicroseconds,4:F2}x the raw insert); {total / wall.Elapsed.TotalSeconds:N0} messages/s through the four");
        Console.WriteLine($"   delivered {delivered:N0} of {total:N0}");
        return delivered == total;

        TimeSpan Step(int index, TimeSpan from)
        {
            var to = writerThread.Elapsed();
            steps[index] += to - from;
            return to;
        }
    }

    private static async Task<long> CountDeliveredAsync(SqlEngine database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM messages WHERE status = {(int)MessageStatus.Delivered}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A thread's CPU clock, read from any thread of the process (Linux: the clock id glibc's pthread_getcpuclockid builds).</summary>
    private sealed class ThreadCpu(int tid)
    {
        public TimeSpan Elapsed() => Read(((~tid) << 3) | 6 /* CPUCLOCK_SCHED | CPUCLOCK_PERTHREAD */);

        public static TimeSpan Current() => Read(3 /* CLOCK_THREAD_CPUTIME_ID */);

        public static HashSet<int> LongRunningThreads() =>
            [.. Directory.GetDirectories("/proc/self/task").Select(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture))
                .Where(t => File.ReadAllText($"/proc/self/task/{t}/comm").StartsWith(".NET Long Runn", StringComparison.Ordinal))];

        /// <summary>The writer's thread: the one long-running thread that was not there before it started (SQLite has one lane).</summary>
        public static async Task<ThreadCpu> FindNewAsync(HashSet<int> before)
        {
            List<int> added = [];
            for (var attempt = 0; attempt < 100; attempt++)
            {
                added = [.. LongRunningThreads().Except(before)];
                if (added.Count == 1)
                {
                    return new ThreadCpu(added[0]);
                }
                await Task.Delay(10);
            }
            throw new InvalidOperationException($"expected one new long-running thread (the store writer) in /proc/self/task, found {added.Count}");
        }

        private static TimeSpan Read(int clock)
        {
            if (clock_gettime(clock, out var time) != 0)
            {
                throw new InvalidOperationException($"clock_gettime({clock}) failed: {Marshal.GetLastPInvokeError()}");
            }
            return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int clock_gettime(int clock, out Timespec time);
    }
}
