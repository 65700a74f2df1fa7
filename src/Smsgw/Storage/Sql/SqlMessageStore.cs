using System.Data.Common;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Storage.Sql;

internal sealed partial class SqlMessageStore(SqlEngine engine, StoreWriter writer) : IMessageStore
{
    private const string NextConversationSeq = """
        INSERT INTO conversations (account_id, peer, last_seq) VALUES (@account, @peer, 1)
        ON CONFLICT (account_id, peer) DO UPDATE SET last_seq = conversations.last_seq + 1
        RETURNING last_seq
        """;

    private const string NextListSeq = """
        INSERT INTO account_sequences (account_id, direction, last_seq) VALUES (@account, @direction, 1)
        ON CONFLICT (account_id, direction) DO UPDATE SET last_seq = account_sequences.last_seq + 1
        RETURNING last_seq
        """;

    private const string OutboundColumns = """
        account_id, direction, message_id, peer, local, body, reference, subid, encoding, parts,
            created_at, conv_seq, list_seq, status, status_at, scheduled_at, due_at, valid_until
        """;

    private const string InsertOutbound = $"""
        INSERT INTO messages ({OutboundColumns})
        VALUES (@account, 0, @messageId, @peer, @local, @body, @reference, @subid, @encoding, @parts,
            @createdAt, @convSeq, @listSeq, 0, @createdAt, @scheduledAt, @dueAt, @validUntil)
        """;

    /// <summary>
    /// The two sequence upserts and the insert as one statement (data-modifying CTEs): one round trip per message on
    /// PostgreSQL instead of three. The nullable values are cast, since a NULL parameter carries no type there.
    /// </summary>
    private const string InsertOutboundWithSequences = $"""
        WITH c AS ({NextConversationSeq}),
        l AS ({NextListSeq})
        INSERT INTO messages ({OutboundColumns})
        SELECT @account, 0, @messageId, @peer, @local, @body, CAST(@reference AS text), CAST(@subid AS text), @encoding, @parts,
            @createdAt, c.last_seq, l.last_seq, 0, @createdAt, CAST(@scheduledAt AS bigint), @dueAt, @validUntil
        FROM c, l
        """;

    public Task<AcceptResult> InsertAcceptedAsync(AccountId accountId, IReadOnlyList<NewOutboundMessage> messages, IdempotencyRecord? idempotency, CancellationToken cancellationToken) =>
        writer.WriteAsync<AcceptResult>(context =>
        {
            if (idempotency is not null && ClaimIdempotencyKey(context, accountId, idempotency) is { } earlier)
            {
                return earlier;
            }
            foreach (var message in messages)
            {
                DbCommand command;
                if (context.Engine.WritableCtes)
                {
                    command = context.Command(InsertOutboundWithSequences).With("@direction", (int)MessageDirection.Outbound);
                }
                else
                {
                    var (convSeq, listSeq) = NextSequences(context, accountId, message.Receiver, MessageDirection.Outbound);
                    command = context.Command(InsertOutbound).With("@convSeq", convSeq).With("@listSeq", listSeq);
                }
                command.With("@account", accountId.Value);
                command.With("@messageId", message.MessageId);
                command.With("@peer", message.Receiver);
                command.With("@local", message.Sender);
                command.With("@body", message.Body);
                command.With("@reference", message.Reference);
                command.With("@subid", message.SubId);
                command.With("@encoding", (int)message.Encoding);
                command.With("@parts", message.Parts);
                command.With("@createdAt", message.CreatedAt.ToUnixTimeMilliseconds());
                command.With("@scheduledAt", message.ScheduledAt?.ToUnixTimeMilliseconds());
                command.With("@dueAt", message.DueAt.ToUnixTimeMilliseconds());
                command.With("@validUntil", message.ValidUntil.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            return new AcceptResult.Stored();
        }, cancellationToken);

    /// <summary>
    /// Takes the key for this request first, so of two concurrent requests with one key (on two nodes) exactly one
    /// stores messages: the other waits for its commit, then finds the key taken and replays or refuses. A key older
    /// than its retention is taken over. Null when this request holds the key.
    /// </summary>
    private static AcceptResult? ClaimIdempotencyKey(WriteContext context, AccountId accountId, IdempotencyRecord idempotency)
    {
        var claim = context.Command("""
            INSERT INTO idempotency_keys (account_id, key, request_hash, response, created_at)
            VALUES (@account, @key, @hash, @response, @createdAt)
            ON CONFLICT (account_id, key) DO UPDATE
            SET request_hash = excluded.request_hash, response = excluded.response, created_at = excluded.created_at
            WHERE idempotency_keys.created_at < @notBefore
            """);
        claim.With("@account", accountId.Value);
        claim.With("@key", idempotency.Key);
        claim.With("@hash", idempotency.RequestHash);
        claim.With("@response", idempotency.Response);
        claim.With("@createdAt", idempotency.CreatedAt.ToUnixTimeMilliseconds());
        claim.With("@notBefore", idempotency.NotBefore.ToUnixTimeMilliseconds());
        if (claim.ExecuteNonQuery() == 1)
        {
            return null;
        }
        var command = context.Command("SELECT request_hash, response FROM idempotency_keys WHERE account_id = @account AND key = @key");
        command.With("@account", accountId.Value);
        command.With("@key", idempotency.Key);
        using var reader = command.ExecuteReader();
        reader.Read();
        var hash = (byte[])reader.GetValue(0);
        return hash.AsSpan().SequenceEqual(idempotency.RequestHash)
            ? new AcceptResult.Replayed(reader.GetString(1))
            : new AcceptResult.KeyConflict();
    }

    private static (long ConversationSeq, long ListSeq) NextSequences(WriteContext context, AccountId accountId, string peer, MessageDirection direction)
    {
        var conversation = context.Command(NextConversationSeq);
        conversation.With("@account", accountId.Value);
        conversation.With("@peer", peer);
        var convSeq = (long)conversation.ExecuteScalar()!;
        var list = context.Command(NextListSeq);
        list.With("@account", accountId.Value);
        list.With("@direction", (int)direction);
        return (convSeq, (long)list.ExecuteScalar()!);
    }

    public Task<InboundInsertResult> InsertInboundAsync(NewInboundMessage message, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => InsertInbound(context, message), cancellationToken);

    /// <summary>The insert of <see cref="InsertInboundAsync"/> inside a caller's transaction (a joined long message is
    /// stored in the same one as its last part).</summary>
    internal static InboundInsertResult InsertInbound(WriteContext context, NewInboundMessage message)
    {
        if (message.ExternalId is not null)
        {
            // Another node may store the same delivery at this moment: the second waits, then finds the first.
            context.Lock($"inbound:{message.AccountId.Value}:{message.ExternalId}");
            var find = context.Command("SELECT id, list_seq FROM messages WHERE account_id = @account AND external_id = @external");
            find.With("@account", message.AccountId.Value);
            find.With("@external", message.ExternalId);
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                return new InboundInsertResult(reader.GetInt64(0), reader.GetInt64(1), false);
            }
        }
        var (convSeq, listSeq) = NextSequences(context, message.AccountId, message.Sender, MessageDirection.Inbound);
        const string insert = """
            INSERT INTO messages (account_id, direction, external_id, peer, local, body, encoding, parts,
                created_at, conv_seq, list_seq, status, status_at, has_files)
            VALUES (@account, 1, @external, @peer, @local, @body, @encoding, 1,
                @receivedAt, @convSeq, @listSeq, @status, @receivedAt, @hasFiles)
            RETURNING id
            """;
        var command = context.Command(insert);
        command.With("@account", message.AccountId.Value);
        command.With("@external", message.ExternalId);
        command.With("@peer", message.Sender);
        command.With("@local", message.Receiver);
        command.With("@body", message.Body);
        command.With("@encoding", (int)SmsText.Measure(message.Body).Encoding);
        command.With("@receivedAt", message.ReceivedAt.ToUnixTimeMilliseconds());
        command.With("@convSeq", convSeq);
        command.With("@listSeq", listSeq);
        command.With("@status", (int)MessageStatus.Received);
        command.With("@hasFiles", message.Files.Count > 0 ? 1 : 0);
        var rowId = (long)command.ExecuteScalar()!;
        var ordinal = 0;
        foreach (var file in message.Files)
        {
            var insertFile = context.Command("""
                INSERT INTO message_files (token, message_rowid, ordinal, name, mime, size, path)
                VALUES (@token, @row, @ordinal, @name, @mime, @size, @path)
                """);
            insertFile.With("@token", file.Token);
            insertFile.With("@row", rowId);
            insertFile.With("@ordinal", ordinal++);
            insertFile.With("@name", file.Name);
            insertFile.With("@mime", file.Mime);
            insertFile.With("@size", file.Size);
            insertFile.With("@path", file.Path);
            insertFile.ExecuteNonQuery();
        }
        WebhookOutbox.MessageReceived(context, rowId, message.ReceivedAt);
        return new InboundInsertResult(rowId, listSeq, true);
    }

    public Task<CancelResult> CancelAsync(AccountId accountId, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var cancel = context.Command("""
                UPDATE messages SET status = @cancelled, status_at = @now, due_at = NULL, status_detail = 'cancelled by the account'
                WHERE account_id = @account AND message_id = @messageId AND status = @queued AND lease_until IS NULL
                """);
            cancel.With("@cancelled", (int)MessageStatus.Cancelled);
            cancel.With("@queued", (int)MessageStatus.Queued);
            cancel.With("@now", now.ToUnixTimeMilliseconds());
            cancel.With("@account", accountId.Value);
            cancel.With("@messageId", messageId);
            if (cancel.ExecuteNonQuery() == 1)
            {
                return CancelResult.Cancelled;
            }
            var exists = context.Command("SELECT 1 FROM messages WHERE account_id = @account AND message_id = @messageId");
            exists.With("@account", accountId.Value);
            exists.With("@messageId", messageId);
            return exists.ExecuteScalar() is null ? CancelResult.NotFound : CancelResult.TooLate;
        }, cancellationToken);

    public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var command = context.Command("DELETE FROM idempotency_keys WHERE created_at < @before");
            command.With("@before", createdBefore.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }, cancellationToken);
}
