using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Smsgw.Storage.Postgres;
using Smsgw.Storage.Sqlite;

namespace Smsgw.Storage.Migration;

/// <summary>
/// Moves a stopped SQLite store into an empty PostgreSQL database: every row with its id, in one PostgreSQL
/// transaction, so the database ends up either with the whole store or untouched. MMS content is not copied: the
/// rows name files under the data directory, which the PostgreSQL gateway keeps using (<c>--data</c>).
/// </summary>
/// <remarks>
/// The SQLite file must be at this build's latest schema. Migrating it here would mean writing to the file being
/// moved; the operator verbs already do that on request, so the refusal says which one to run.
/// </remarks>
internal sealed class SqliteToPostgresCopy(TimeProvider timeProvider)
{
    private const string SqliteMigrationsPrefix = "Smsgw.Storage.Migrations.Sqlite.";

    /// <summary>
    /// Every table of the store, each after the tables it references. Not schema_migrations: each engine numbers
    /// its own migrations.
    /// </summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "accounts", "conversations", "account_sequences", "messages", "message_parts", "unmatched_receipts", "message_files",
        "idempotency_keys", "simulator_submissions", "simulator_events", "webhooks", "webhook_events", "numbers", "inbound_parts",
    ];

    /// <summary>The highest SQLite migration this build carries.</summary>
    public static int LatestSqliteVersion { get; } = typeof(SqliteToPostgresCopy).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(SqliteMigrationsPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Max(n => int.Parse(n.AsSpan(SqliteMigrationsPrefix.Length, 4), CultureInfo.InvariantCulture));

    /// <param name="tableCopied">Called after each table, for progress output.</param>
    /// <exception cref="CopyRefusedException">A server holds the data directory, the SQLite schema is not the latest, or the database is not empty.</exception>
    public async Task<CopyReport> RunAsync(string sqliteFile, string postgresConnectionString, Action<CopiedTable>? tableCopied, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var file = Path.GetFullPath(sqliteFile);
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"no SQLite file at {file}", file);
        }
        var dataDirectory = Path.GetDirectoryName(file)!;
        // The server's own lock: while the copy holds it no server can start on the directory, and the other way round.
        using var serverLock = AcquireServerLock(dataDirectory);
        using var source = OpenReadOnly(file);
        // One read transaction: an operator verb writing meanwhile (they take no lock) cannot split the snapshot.
        using var snapshot = source.BeginTransaction(deferred: true);
        var version = CheckSchemaVersion(snapshot, file, dataDirectory);
        CheckTablesAreKnown(snapshot);

        await using var engine = new PostgresEngine(Options.Create(new StorageOptions { Provider = "postgres", ConnectionString = postgresConnectionString }));
        await using var target = await engine.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Checked before migrating too, so a refused database is not even brought to this build's schema.
        await CheckEmptyAsync(target, cancellationToken).ConfigureAwait(false);
        engine.Migrate();
        await using var transaction = await target.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // EXCLUSIVE lets readers through but waits out writers: a second migrate into the same database waits for
        // this one, then finds rows and stops.
        await using (var lockTables = new NpgsqlCommand($"LOCK TABLE {string.Join(", ", Tables.Select(t => $"\"{t}\""))} IN EXCLUSIVE MODE", target))
        {
            await lockTables.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await CheckEmptyAsync(target, cancellationToken).ConfigureAwait(false);
        var copied = new List<CopiedTable>();
        foreach (var table in Tables)
        {
            var tableStarted = timeProvider.GetTimestamp();
            var columns = await TableCopy.TargetColumnsAsync(target, table, cancellationToken).ConfigureAwait(false);
            TableCopy.CheckSourceColumns(snapshot, table, columns);
            var rows = await TableCopy.CopyAsync(snapshot, target, table, columns, cancellationToken).ConfigureAwait(false);
            var done = new CopiedTable(table, rows, timeProvider.GetElapsedTime(tableStarted));
            copied.Add(done);
            tableCopied?.Invoke(done);
        }
        var released = await ReleaseLeasesAsync(target, cancellationToken).ConfigureAwait(false);
        await ResetIdentitiesAsync(target, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var missingFiles = CountMissingFiles(snapshot, dataDirectory);
        return new CopyReport(version, copied, released, missingFiles, timeProvider.GetElapsedTime(started));
    }

    private static DataDirectoryLock AcquireServerLock(string dataDirectory)
    {
        try
        {
            return DataDirectoryLock.Acquire(dataDirectory);
        }
        catch (InvalidOperationException ex)
        {
            throw new CopyRefusedException(
                $"a gateway server is running on {dataDirectory}: stop it first, so that nothing is written to the SQLite store during or after the copy", ex);
        }
    }

    private static SqliteConnection OpenReadOnly(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT COUNT(*) FROM sqlite_schema";
            probe.ExecuteScalar();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new CopyRefusedException($"{file} cannot be read as a SQLite database: {ex.Message}", ex);
        }
    }

    private static int CheckSchemaVersion(SqliteTransaction snapshot, string file, string dataDirectory)
    {
        if (Scalar(snapshot, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'") is not 1L)
        {
            throw new CopyRefusedException($"{file} is not an smsgw store (it has no schema_migrations table)");
        }
        var version = Convert.ToInt32(Scalar(snapshot, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"), CultureInfo.InvariantCulture);
        var applied = Convert.ToInt32(Scalar(snapshot, "SELECT COUNT(*) FROM schema_migrations"), CultureInfo.InvariantCulture);
        if (version > LatestSqliteVersion)
        {
            throw new CopyRefusedException(
                $"{file} was written by a newer smsgw (schema version {version}; this one knows up to {LatestSqliteVersion}): run the migration with that version");
        }
        if (version < LatestSqliteVersion || applied != version)
        {
            throw new CopyRefusedException(
                $"{file} is at schema version {version} and this smsgw copies version {LatestSqliteVersion}: bring it up to date first with "
                + $"`smsgw accounts list --data {dataDirectory}` (it applies the missing migrations, no server needed), then migrate again");
        }
        return version;
    }

    // A table the list does not name would be left behind without a word: stop instead.
    private static void CheckTablesAreKnown(SqliteTransaction snapshot)
    {
        using var command = snapshot.Connection!.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (!Tables.Contains(reader.GetString(0), StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"The SQLite table {reader.GetString(0)} is not in SqliteToPostgresCopy.Tables: add it there, after the tables it references");
            }
        }
    }

    private static async Task CheckEmptyAsync(NpgsqlConnection target, CancellationToken cancellationToken)
    {
        // A table not created yet (a fresh database) is empty; naming it in a query would fail.
        var existing = new List<string>();
        await using (var find = new NpgsqlCommand("SELECT t FROM unnest(@tables) WITH ORDINALITY AS u(t, n) WHERE to_regclass(t) IS NOT NULL ORDER BY n", target))
        {
            find.Parameters.AddWithValue("tables", Tables.ToArray());
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                existing.Add(reader.GetString(0));
            }
        }
        var occupied = new List<string>();
        foreach (var table in existing)
        {
            await using var probe = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\")", target);
            if ((bool)(await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                occupied.Add(table);
            }
        }
        if (occupied.Count > 0)
        {
            throw new CopyRefusedException(
                $"the PostgreSQL database is not empty (rows in {string.Join(", ", occupied)}): migrate into a new, empty database, before any gateway starts on it "
                + "(a first start creates a demo account)");
        }
    }

    // Leases of the stopped server would keep the work they hold waiting until they expire; a SQLite server
    // ends them at its start, a PostgreSQL one never ends another node's, so the copy does it.
    private static async Task<long> ReleaseLeasesAsync(NpgsqlConnection target, CancellationToken cancellationToken)
    {
        long released = 0;
        foreach (var table in new[] { "messages", "webhook_events" })
        {
            await using var release = new NpgsqlCommand($"UPDATE \"{table}\" SET lease_until = NULL WHERE lease_until IS NOT NULL", target);
            released += await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return released;
    }

    // Rows came with their ids, which identity columns do not see: without this the next insert would take id 1.
    private static async Task ResetIdentitiesAsync(NpgsqlConnection target, CancellationToken cancellationToken)
    {
        var identities = new List<(string Table, string Column)>();
        await using (var find = new NpgsqlCommand("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'", target))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                identities.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        foreach (var (table, column) in identities.Where(i => Tables.Contains(i.Table, StringComparer.Ordinal)))
        {
            await using var reset = new NpgsqlCommand($"SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE(MAX(\"{column}\"), 0) + 1, false) FROM \"{table}\"", target);
            reset.Parameters.AddWithValue("table", $"\"{table}\"");
            reset.Parameters.AddWithValue("column", column);
            await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // MessageFileStore keeps content under <data directory>/files and records paths relative to it.
    private static long CountMissingFiles(SqliteTransaction snapshot, string dataDirectory)
    {
        using var command = snapshot.Connection!.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = "SELECT path FROM message_files";
        using var reader = command.ExecuteReader();
        long missing = 0;
        while (reader.Read())
        {
            if (!File.Exists(Path.Combine(dataDirectory, "files", reader.GetString(0))))
            {
                missing++;
            }
        }
        return missing;
    }

    private static object? Scalar(SqliteTransaction snapshot, string sql)
    {
        using var command = snapshot.Connection!.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
