using Microsoft.Extensions.DependencyInjection;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;
using Smsgw.Storage;
using Smsgw.Tests.Support;

namespace Smsgw.Tests.Storage;

/// <summary>
/// SQLite numbers a conversation from its messages (migration 0008 turned the counter table into a view): a store
/// an older build left numbers on where its conversations stopped, and pages and totals agree with the rows.
/// </summary>
public sealed class SqliteConversationNumberingTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private const string Peer = "32470123456";
    private readonly string _directory = TestGateway.NewDataDirectory();

    public void Dispose() => TestGateway.TryDelete(_directory);

    [Fact]
    public async Task A_store_from_before_the_view_numbers_on_from_its_messages_in_both_directions()
    {
        var ct = TestContext.Current.CancellationToken;
        await TestStorage.CreateSqliteStoreAtVersionAsync(_directory, 7);
        // What version 7 held: three messages with the peer, its counter at 3, and another peer's conversation.
        await TestStorage.ExecuteSqliteAsync(_directory, $"""
            INSERT INTO accounts (id, name, client_id, secret_hash, created_at) VALUES (1, 'old', 'old', x'00', 0);
            INSERT INTO messages (account_id, direction, message_id, peer, local, body, encoding, parts, created_at, conv_seq, list_seq, status, status_at)
            VALUES (1, 0, 'm1', '{Peer}', 'MyBrand', 'one', 0, 1, 1, 1, 1, 3, 1),
                   (1, 1, NULL, '{Peer}', 'MyBrand', 'two', 0, 1, 2, 2, 1, 8, 2),
                   (1, 0, 'm2', '{Peer}', 'MyBrand', 'three', 0, 1, 3, 3, 2, 3, 3),
                   (1, 0, 'm3', '32470999999', 'MyBrand', 'other', 0, 1, 4, 1, 3, 3, 4);
            INSERT INTO conversations (account_id, peer, last_seq) VALUES (1, '{Peer}', 3), (1, '32470999999', 1);
            INSERT INTO account_sequences (account_id, direction, last_seq) VALUES (1, 0, 3), (1, 1, 1);
            """);

        await using var services = await TestStorage.OpenSqliteStoresAsync(_directory);
        var store = services.GetRequiredService<IMessageStore>();
        var account = new AccountId(1);
        NewOutboundMessage Send(string body) => new(MessageId.New(Now), Peer, "MyBrand", body, null, null, SmsEncoding.Gsm7, 1, Now, null, Now, Now.AddDays(1));
        // Two sends to the peer in one request, then a reply from it, then one more send.
        Assert.IsType<AcceptResult.Stored>(await store.InsertAcceptedAsync(account, [Send("four"), Send("five")], null, ct));
        await store.InsertInboundAsync(new NewInboundMessage(account, Peer, "MyBrand", "six", Now, null, []), ct);
        Assert.IsType<AcceptResult.Stored>(await store.InsertAcceptedAsync(account, [Send("seven")], null, ct));

        var page = await store.GetConversationAsync(account, Peer, 1, 10, ct);
        Assert.Equal(7, page.Total);
        Assert.Equal(["seven", "six", "five", "four", "three", "two", "one"], page.Items.Select(m => m.Body));
        Assert.Equal(1, (await store.GetConversationAsync(account, "32470999999", 1, 10, ct)).Total);
        Assert.Equal(0, (await store.GetConversationAsync(account, "32470000000", 1, 10, ct)).Total);
        // No counter row is written any more; the view answers for the whole store as the rows did (the copy to
        // PostgreSQL reads it).
        Assert.Equal(["view"], (await TestStorage.QuerySqliteAsync(_directory, "SELECT type FROM sqlite_schema WHERE name = 'conversations'")).Select(r => (string)r[0]));
        Assert.Equal([("32470123456", 7L), ("32470999999", 1L)],
            (await TestStorage.QuerySqliteAsync(_directory, "SELECT peer, last_seq FROM conversations ORDER BY peer")).Select(r => ((string)r[0], (long)r[1])));
    }
}
