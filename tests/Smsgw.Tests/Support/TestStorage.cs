using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Smsgw.Storage;

namespace Smsgw.Tests.Support;

/// <summary>
/// Which engine this test assembly runs the gateway on. The same test sources build twice: Smsgw.Tests on SQLite and
/// Smsgw.Tests.Postgres (metadata <c>SmsgwTestStorage=postgres</c>) on a real PostgreSQL server, so every API and
/// pipeline test runs on both engines without a copy.
/// </summary>
internal static class TestStorage
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new(StringComparer.Ordinal);

    public static bool IsPostgres { get; } = typeof(TestStorage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Any(a => a.Key == "SmsgwTestStorage" && a.Value == "postgres");

    /// <summary>
    /// The Smsgw:Storage settings of a store whose local files live in <paramref name="dataDirectory"/>. On PostgreSQL
    /// the directory is paired with its own fresh database, so a restart on the same directory finds the same data.
    /// </summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(string dataDirectory)
    {
        var settings = new Dictionary<string, string?> { ["Smsgw:Storage:DataDirectory"] = dataDirectory };
        if (IsPostgres)
        {
            settings["Smsgw:Storage:Provider"] = "postgres";
            settings["Smsgw:Storage:ConnectionString"] = await ConnectionStringAsync(dataDirectory);
        }
        return settings;
    }

    /// <summary>The stores alone (no server) for <paramref name="dataDirectory"/>, migrated: one "node" of store tests.</summary>
    public static async Task<ServiceProvider> OpenStoresAsync(string dataDirectory) => await OpenStoresAsync(await ConfigurationAsync(dataDirectory));

    /// <summary>The stores alone on the PostgreSQL database <paramref name="connectionString"/> names, migrated.</summary>
    public static Task<ServiceProvider> OpenPostgresStoresAsync(string connectionString, string dataDirectory) =>
        OpenStoresAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smsgw:Storage:Provider"] = "postgres",
            ["Smsgw:Storage:ConnectionString"] = connectionString,
            ["Smsgw:Storage:DataDirectory"] = dataDirectory,
        }).Build());

    /// <summary>The SQLite stores for <paramref name="dataDirectory"/>, migrated, whichever engine this run tests.</summary>
    public static Task<ServiceProvider> OpenSqliteStoresAsync(string dataDirectory) =>
        OpenStoresAsync(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Smsgw:Storage:DataDirectory"] = dataDirectory }).Build());

    /// <summary>A SQLite file in <paramref name="dataDirectory"/> as a build whose last migration was <paramref name="version"/> left it.</summary>
    public static async Task CreateSqliteStoreAtVersionAsync(string dataDirectory, int version)
    {
        const string prefix = "Smsgw.Storage.Migrations.Sqlite.";
        var assembly = typeof(IStorageSchema).Assembly;
        var sql = new System.Text.StringBuilder("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);\n");
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var number = int.Parse(name.AsSpan(prefix.Length, 4), System.Globalization.CultureInfo.InvariantCulture);
            if (number <= version)
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                sql.Append(await reader.ReadToEndAsync(TestContext.Current.CancellationToken)).Append(";\n");
                sql.Append(System.Globalization.CultureInfo.InvariantCulture, $"INSERT INTO schema_migrations VALUES ({number}, '{name[prefix.Length..]}', '2026-01-01T00:00:00Z');\n");
            }
        }
        await ExecuteSqliteAsync(dataDirectory, sql.ToString());
    }

    /// <summary>Runs <paramref name="sql"/> on the SQLite file in <paramref name="dataDirectory"/>, past the gateway.</summary>
    public static async Task ExecuteSqliteAsync(string dataDirectory, string sql)
    {
        await using var connection = SqliteFile(dataDirectory);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<ServiceProvider> OpenStoresAsync(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        // What the store's writer wakes after a commit that made webhook events due (the gateway registers it with the sender).
        services.AddSingleton<Smsgw.Webhooks.WebhookSignal>();
        services.AddStorage(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IStorageSchema>().MigrateAsync(TestContext.Current.CancellationToken);
        return provider;
    }

    public static async Task<IConfiguration> ConfigurationAsync(string dataDirectory) =>
        new ConfigurationBuilder().AddInMemoryCollection(await SettingsAsync(dataDirectory)).Build();

    /// <summary>The database paired with <paramref name="dataDirectory"/> (PostgreSQL runs only).</summary>
    public static Task<string> ConnectionStringAsync(string dataDirectory) =>
        Databases.GetOrAdd(dataDirectory, _ => new Lazy<Task<string>>(() => PostgresServer.CreateDatabaseAsync())).Value;

    /// <summary><c>smsgw serve</c>/operator arguments selecting this store (--data, and --postgres on PostgreSQL runs).</summary>
    public static async Task<string[]> CliArgumentsAsync(string dataDirectory) =>
        IsPostgres ? ["--data", dataDirectory, "--postgres", await ConnectionStringAsync(dataDirectory)] : ["--data", dataDirectory];

    /// <summary>Runs <paramref name="sql"/> straight on the store for <paramref name="dataDirectory"/>, past the gateway (for what the API does not show).</summary>
    public static async Task<List<object[]>> QueryAsync(string dataDirectory, string sql) =>
        await QueryAsync(IsPostgres ? new NpgsqlConnection(await ConnectionStringAsync(dataDirectory)) : SqliteFile(dataDirectory), sql);

    /// <summary><see cref="QueryAsync(string, string)"/> on the SQLite file in <paramref name="dataDirectory"/>, whichever engine this run tests.</summary>
    public static Task<List<object[]>> QuerySqliteAsync(string dataDirectory, string sql) => QueryAsync(SqliteFile(dataDirectory), sql);

    private static SqliteConnection SqliteFile(string dataDirectory) => new($"Data Source={Path.Combine(dataDirectory, "smsgw.db")};Pooling=false");

    private static async Task<List<object[]>> QueryAsync(DbConnection owned, string sql)
    {
        await using var connection = owned;
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<object[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The first column of the one row <paramref name="sql"/> returns, as a number.</summary>
    public static async Task<long> CountAsync(string dataDirectory, string sql) =>
        Convert.ToInt64((await QueryAsync(dataDirectory, sql)).Single()[0], System.Globalization.CultureInfo.InvariantCulture);
}
