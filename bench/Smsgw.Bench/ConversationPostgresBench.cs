using System.Diagnostics;

namespace Smsgw.Bench;

/// <summary>
/// <see cref="ConversationBench"/> on PostgreSQL: the same generated rows (<see cref="MessageRows"/>), loaded with binary
/// COPY by <see cref="PostgresStoreGenerator"/>, then page 1 against a deep page over HTTP through the gateway (in this
/// process, as the SQLite scenario runs it), with <c>Smsgw:Storage:Provider=postgres</c>. Page 1 is the baseline.
/// </summary>
internal static class ConversationPostgresBench
{
    private const string Database = "bench_conversation";
    private const int Limit = 1000;

    public static async Task<bool> RunAsync(BenchOptions options)
    {
        var conversationSize = Math.Min(options.ConversationSize, options.Messages * 6 / 10);
        Console.WriteLine();
        Console.WriteLine($"== conversation-postgres: {options.Messages:N0} messages, one conversation of {conversationSize:N0}, limit {Limit}, page {options.DeepPage} against page 1");
        await using var cluster = await PostgresCluster.StartAsync(options.Postgres);
        Console.WriteLine(options.Postgres is null ? $"   postgres: throwaway cluster started with {PostgresCluster.Settings}" : "   postgres: the server given by --postgres");
        Console.WriteLine($"   postgres reports: {await cluster.DescribeAsync()}");
        var connectionString = await cluster.CreateDatabaseAsync(Database);
        using var files = new ScratchDirectory("conv-pg");
        Console.WriteLine($"-- generating into database {Database} (binary COPY)");
        var started = Stopwatch.GetTimestamp();
        var store = await PostgresStoreGenerator.GenerateAsync(connectionString, files.Path, options.Messages, conversationSize);
        Console.WriteLine($"   generation time {store.GenerationTime.TotalSeconds:F1} s ({store.Messages / store.GenerationTime.TotalSeconds:N0} msg/s)");
        foreach (var line in await PostgresStoreGenerator.VerifyAsync(connectionString, store, options.DeepPage, Limit))
        {
            Console.WriteLine($"   {line}");
        }
        Console.WriteLine($"   ready after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
        return await ConversationBench.MeasureAsync(options, store, new Dictionary<string, string?>
        {
            ["Smsgw:Storage:Provider"] = "postgres",
            ["Smsgw:Storage:ConnectionString"] = connectionString,
        });
    }
}
