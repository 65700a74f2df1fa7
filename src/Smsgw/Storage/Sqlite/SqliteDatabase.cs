using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Smsgw.Storage.Sqlite;

/// <summary>
/// The SQLite file: opens read connections and applies the numbered migrations.
/// Every write goes through <see cref="SqliteWriter"/>, which owns the single write connection.
/// </summary>
internal sealed class SqliteDatabase : IStorageSchema
{
    private readonly string _connectionString;

    public string Location { get; }

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
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

    /// <summary>A pooled connection for reads; WAL lets it run beside the writer.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A connection for the writer: WAL, and FULL so every commit survives power loss, not only a crash.</summary>
    public SqliteConnection OpenForWrite()
    {
        var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public Task MigrateAsync(CancellationToken cancellationToken)
    {
        Migrate();
        return Task.CompletedTask;
    }

    /// <summary>Applies embedded <c>Migrations/Sqlite/NNNN_*.sql</c> files not yet recorded, each in its own transaction.</summary>
    public void Migrate()
    {
        using var connection = OpenForWrite();
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var assembly = typeof(SqliteDatabase).Assembly;
        const string prefix = "Smsgw.Storage.Migrations.Sqlite.";
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Name: n[prefix.Length..]))
            .OrderBy(s => s.Name, StringComparer.Ordinal);
        foreach (var (resource, name) in scripts)
        {
            var version = int.Parse(name.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
            using var transaction = connection.BeginTransaction();
            using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", version);
                if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    continue;
                }
            }
            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = ReadResource(assembly, resource);
                apply.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($v, $n, $at)";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$n", name);
                record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
