using Npgsql;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Storage;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task Databases_created_concurrently_are_distinct_and_a_table_in_one_is_absent_in_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => PostgresServer.CreateDatabaseAsync($"concurrent {i}")));
        try
        {
            var names = created.Select(c => new NpgsqlConnectionStringBuilder(c).Database).ToList();
            Assert.Equal(created.Length, names.Distinct().Count());
            Assert.All(names, n => Assert.StartsWith("smsgw_t_", n, StringComparison.Ordinal));

            await ExecuteAsync(created[0], "CREATE TABLE probe (id integer PRIMARY KEY)", ct);
            await ExecuteAsync(created[0], "INSERT INTO probe (id) VALUES (1)", ct);

            Assert.Equal("probe", await ScalarAsync<string?>(created[0], "SELECT to_regclass('public.probe')::text", ct));
            foreach (var other in created.Skip(1))
            {
                Assert.Null(await ScalarAsync<string?>(other, "SELECT to_regclass('public.probe')::text", ct));
            }
        }
        finally
        {
            await Task.WhenAll(created.Select(PostgresServer.DropDatabaseAsync));
        }
    }

    [Fact]
    public async Task A_created_database_is_a_real_PostgreSQL_server_and_is_gone_once_dropped()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await PostgresServer.CreateDatabaseAsync(nameof(PostgresServerTests));
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;

        Assert.Contains("PostgreSQL", await ScalarAsync<string>(connectionString, "SELECT version()", ct), StringComparison.Ordinal);
        Assert.Equal(name, await ScalarAsync<string>(connectionString, "SELECT current_database()", ct));

        await PostgresServer.DropDatabaseAsync(connectionString);

        var admin = await PostgresServer.AdminConnectionStringAsync();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = name } },
        };
        Assert.Equal(0L, await count.ExecuteScalarAsync(ct));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return (T)(value is DBNull ? null : value)!;
    }
}
