using Smsgw.Accounts;

namespace Smsgw.Storage.Sql;

internal sealed class SqlNumberStore(SqlEngine engine, StoreWriter writer) : INumberStore
{
    public Task<bool> AssignAsync(string number, AccountId accountId, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var assign = context.Command("""
                INSERT INTO numbers (number, account_id, created_at) VALUES (@number, @account, @now)
                ON CONFLICT (number) DO UPDATE SET number = excluded.number WHERE numbers.account_id = excluded.account_id
                """);
            assign.With("@number", number);
            assign.With("@account", accountId.Value);
            assign.With("@now", now.ToUnixTimeMilliseconds());
            return assign.ExecuteNonQuery() == 1;
        }, cancellationToken);

    public Task<AccountId?> FindOwnerAsync(string number, CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT account_id FROM numbers WHERE number = @number";
        command.With("@number", number);
        return Task.FromResult(command.ExecuteScalar() is long id ? new AccountId(id) : (AccountId?)null);
    }

    public Task<IReadOnlyList<AssignedNumber>> ListAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT n.number, n.account_id, a.name, n.created_at FROM numbers n JOIN accounts a ON a.id = n.account_id ORDER BY a.name, n.number";
        using var reader = command.ExecuteReader();
        var numbers = new List<AssignedNumber>();
        while (reader.Read())
        {
            numbers.Add(new AssignedNumber(reader.GetString(0), new AccountId(reader.GetInt64(1)), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }
        return Task.FromResult<IReadOnlyList<AssignedNumber>>(numbers);
    }

    public Task<bool> RemoveAsync(string number, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var remove = context.Command("DELETE FROM numbers WHERE number = @number");
            remove.With("@number", number);
            return remove.ExecuteNonQuery() == 1;
        }, cancellationToken);
}
