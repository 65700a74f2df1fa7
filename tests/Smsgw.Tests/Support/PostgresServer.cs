using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Smsgw.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the tests, one per test process, and a fresh empty database per caller.
/// <c>SMSGW_TEST_POSTGRES</c>, when set, is the admin connection string of a running server to use instead;
/// otherwise a throwaway cluster is started from Debian's binaries on first use (<see cref="PostgresCluster"/>).
/// A server that cannot be reached or started fails the test: a green run means PostgreSQL was really tested.
/// </summary>
internal static class PostgresServer
{
    public const string EnvironmentVariable = "SMSGW_TEST_POSTGRES";

    // Every database this class creates starts with this; DropDatabaseAsync refuses any other name, so a
    // mistaken connection string can never drop a real database on a server named by SMSGW_TEST_POSTGRES.
    private const string DatabasePrefix = "smsgw_t_";

    // PostgreSQL truncates identifiers beyond NAMEDATALEN - 1 bytes.
    private const int MaxDatabaseNameLength = 63;

    // Failure is cached too: every test reports the same start error instead of each retrying a slow start.
    private static readonly Lazy<Task<string>> Admin = new(() => Task.Run(StartAsync));

    private static int _counter;

    public static Task<string> AdminConnectionStringAsync() => Admin.Value;

    /// <summary>Creates a uniquely named empty database and returns a connection string for it.</summary>
    /// <param name="hint">Appended to the name (sanitized) so a database in a server log points at its test.</param>
    public static async Task<string> CreateDatabaseAsync(string? hint = null)
    {
        var admin = await AdminConnectionStringAsync();
        var name = NewDatabaseName(hint);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            // CREATE DATABASE cannot run inside a transaction block, so it is a command of its own. The name is
            // generated above from [a-z0-9_] only: identifiers cannot be parameters.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin)
        {
            Database = name,
            IncludeErrorDetail = true,
            ApplicationName = "smsgw-tests",
            // Many test databases share one server (max_connections=300): idle connections of a finished test
            // class are closed within seconds instead of the default five minutes, and no pool can take it all.
            MaxPoolSize = 30,
            ConnectionIdleLifetime = 5,
            ConnectionPruningInterval = 1,
        }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections; never throws.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        try
        {
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
            if (name is null || !name.StartsWith(DatabasePrefix, StringComparison.Ordinal) || !IsSafeIdentifier(name))
            {
                return;
            }
            using (var pooled = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }
            await using var connection = new NpgsqlConnection(await AdminConnectionStringAsync());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            // Best effort: a database left behind dies with the throwaway cluster, and the test already has its result.
        }
    }

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(configured);
                builder.Database ??= "postgres";
                return builder.ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} is not a valid Npgsql connection string: {e.Message}", e);
            }
        }
        return (await PostgresCluster.StartAsync()).AdminConnectionString;
    }

    private static string NewDatabaseName(string? hint)
    {
        // The counter orders databases within a process; the random part keeps two test processes sharing one
        // server (SMSGW_TEST_POSTGRES) apart.
        var name = $"{DatabasePrefix}{Interlocked.Increment(ref _counter)}_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        var suffix = Sanitize(hint);
        if (suffix.Length > 0)
        {
            name = $"{name}_{suffix}";
        }
        return name.Length <= MaxDatabaseNameLength ? name : name[..MaxDatabaseNameLength];
    }

    private static string Sanitize(string? hint)
    {
        var text = new StringBuilder();
        foreach (var c in (hint ?? "").ToLowerInvariant())
        {
            text.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_');
        }
        return text.ToString().Trim('_');
    }

    private static bool IsSafeIdentifier(string name) =>
        name.Length <= MaxDatabaseNameLength && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
