using System.Data.Common;
using Smsgw.Accounts;

namespace Smsgw.Storage.Sql;

internal sealed class SqlAccountStore(SqlEngine engine, StoreWriter writer) : IAccountStore
{
    private const string Columns = "id, name, client_id, disabled, created_at, secret_hash";

    public Task<Account?> CreateAsync(string name, string clientId, byte[] secretHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            const string sql = """
                INSERT INTO accounts (name, client_id, secret_hash, disabled, created_at)
                VALUES (@name, @clientId, @hash, 0, @now)
                ON CONFLICT (name) DO NOTHING
                RETURNING id
                """;
            var command = context.Command(sql);
            command.With("@name", name);
            command.With("@clientId", clientId);
            command.With("@hash", secretHash);
            command.With("@now", now.ToUnixTimeMilliseconds());
            var id = command.ExecuteScalar();
            return id is null ? null : new Account(new AccountId((long)id), name, clientId, false, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()));
        }, cancellationToken);

    public Task<StoredAccount?> FindByClientIdAsync(string clientId, CancellationToken cancellationToken) =>
        QuerySingleAsync($"SELECT {Columns} FROM accounts WHERE client_id = @v", clientId);

    public async Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        (await QuerySingleAsync($"SELECT {Columns} FROM accounts WHERE name = @v", name).ConfigureAwait(false))?.Account;

    public Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM accounts ORDER BY id";
        using var reader = command.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(Map(reader).Account);
        }
        return Task.FromResult<IReadOnlyList<Account>>(accounts);
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM accounts";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    public Task<bool> ReplaceSecretAsync(string name, byte[] secretHash, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var command = context.Command("UPDATE accounts SET secret_hash = @hash WHERE name = @name");
            command.With("@hash", secretHash);
            command.With("@name", name);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<bool> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var command = context.Command("UPDATE accounts SET disabled = @disabled WHERE name = @name");
            command.With("@disabled", disabled ? 1 : 0);
            command.With("@name", name);
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    private Task<StoredAccount?> QuerySingleAsync(string sql, string value)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.With("@v", value);
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? Map(reader) : null);
    }

    private static StoredAccount Map(DbDataReader reader) => new(
        new Account(
            new AccountId(reader.GetInt64(0)),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetInt64(3) != 0,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))),
        (byte[])reader.GetValue(5));
}
