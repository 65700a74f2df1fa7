using Microsoft.Data.Sqlite;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Storage.Sqlite;

internal sealed partial class SqliteMessageStore(SqliteDatabase database, SqliteWriter writer) : IMessageStore
{
    private const string NextConversationSeq = """
        INSERT INTO conversations (account_id, peer, last_seq) VALUES ($account, $peer, 1)
        ON CONFLICT (account_id, peer) DO UPDATE SET last_seq = last_seq + 1
        RETURNING last_seq
        """;

    private const string NextListSeq = """
        INSERT INTO account_sequences (account_id, direction, last_seq) VALUES ($account, $direction, 1)
        ON CONFLICT (account_id, direction) DO UPDATE SET last_seq = last_seq + 1
        RETURNING last_seq
        """;

    public Task<AcceptResult> InsertAcceptedAsync(AccountId accountId, IReadOnlyList<NewOutboundMessage> messages, IdempotencyRecord? idempotency, CancellationToken cancellationToken) =>
        writer.WriteAsync<AcceptResult>(context =>
        {
            if (idempotency is not null && FindIdempotent(context, accountId, idempotency) is { } earlier)
            {
                return earlier;
            }
            const string insert = """
                INSERT INTO messages (account_id, direction, message_id, peer, local, body, reference, subid, encoding, parts,
                    created_at, conv_seq, list_seq, status, status_at, scheduled_at, due_at, valid_until)
                VALUES ($account, 0, $messageId, $peer, $local, $body, $reference, $subid, $encoding, $parts,
                    $createdAt, $convSeq, $listSeq, 0, $createdAt, $scheduledAt, $dueAt, $validUntil)
                """;
            foreach (var message in messages)
            {
                var (convSeq, listSeq) = NextSequences(context, accountId, message.Receiver, MessageDirection.Outbound);
                var command = context.Command(insert);
                var p = command.Parameters;
                p.AddWithValue("$account", accountId.Value);
                p.AddWithValue("$messageId", message.MessageId);
                p.AddWithValue("$peer", message.Receiver);
                p.AddWithValue("$local", message.Sender);
                p.AddWithValue("$body", message.Body);
                p.AddWithValue("$reference", (object?)message.Reference ?? DBNull.Value);
                p.AddWithValue("$subid", (object?)message.SubId ?? DBNull.Value);
                p.AddWithValue("$encoding", (int)message.Encoding);
                p.AddWithValue("$parts", message.Parts);
                p.AddWithValue("$createdAt", message.CreatedAt.ToUnixTimeMilliseconds());
                p.AddWithValue("$convSeq", convSeq);
                p.AddWithValue("$listSeq", listSeq);
                p.AddWithValue("$scheduledAt", (object?)message.ScheduledAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
                p.AddWithValue("$dueAt", message.DueAt.ToUnixTimeMilliseconds());
                p.AddWithValue("$validUntil", message.ValidUntil.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            if (idempotency is not null)
            {
                const string remember = """
                    INSERT OR REPLACE INTO idempotency_keys (account_id, key, request_hash, response, created_at)
                    VALUES ($account, $key, $hash, $response, $createdAt)
                    """;
                var command = context.Command(remember);
                command.Parameters.AddWithValue("$account", accountId.Value);
                command.Parameters.AddWithValue("$key", idempotency.Key);
                command.Parameters.AddWithValue("$hash", idempotency.RequestHash);
                command.Parameters.AddWithValue("$response", idempotency.Response);
                command.Parameters.AddWithValue("$createdAt", idempotency.CreatedAt.ToUnixTimeMilliseconds());
                command.ExecuteNonQuery();
            }
            return new AcceptResult.Stored();
        }, cancellationToken);

    private static AcceptResult? FindIdempotent(SqliteWriteContext context, AccountId accountId, IdempotencyRecord idempotency)
    {
        var command = context.Command("SELECT request_hash, response FROM idempotency_keys WHERE account_id = $account AND key = $key AND created_at >= $notBefore");
        command.Parameters.AddWithValue("$account", accountId.Value);
        command.Parameters.AddWithValue("$key", idempotency.Key);
        command.Parameters.AddWithValue("$notBefore", idempotency.NotBefore.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }
        var hash = (byte[])reader.GetValue(0);
        return hash.AsSpan().SequenceEqual(idempotency.RequestHash)
            ? new AcceptResult.Replayed(reader.GetString(1))
            : new AcceptResult.KeyConflict();
    }

    private static (long ConversationSeq, long ListSeq) NextSequences(SqliteWriteContext context, AccountId accountId, string peer, MessageDirection direction)
    {
        var conversation = context.Command(NextConversationSeq);
        conversation.Parameters.AddWithValue("$account", accountId.Value);
        conversation.Parameters.AddWithValue("$peer", peer);
        var convSeq = (long)conversation.ExecuteScalar()!;
        var list = context.Command(NextListSeq);
        list.Parameters.AddWithValue("$account", accountId.Value);
        list.Parameters.AddWithValue("$direction", (int)direction);
        return (convSeq, (long)list.ExecuteScalar()!);
    }

    public Task<InboundInsertResult> InsertInboundAsync(NewInboundMessage message, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            if (message.ExternalId is not null)
            {
                var find = context.Command("SELECT id, list_seq FROM messages WHERE account_id = $account AND external_id = $external");
                find.Parameters.AddWithValue("$account", message.AccountId.Value);
                find.Parameters.AddWithValue("$external", message.ExternalId);
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
                VALUES ($account, 1, $external, $peer, $local, $body, $encoding, 1,
                    $receivedAt, $convSeq, $listSeq, $status, $receivedAt, $hasFiles)
                RETURNING id
                """;
            var command = context.Command(insert);
            var p = command.Parameters;
            p.AddWithValue("$account", message.AccountId.Value);
            p.AddWithValue("$external", (object?)message.ExternalId ?? DBNull.Value);
            p.AddWithValue("$peer", message.Sender);
            p.AddWithValue("$local", message.Receiver);
            p.AddWithValue("$body", message.Body);
            p.AddWithValue("$encoding", (int)SmsText.Measure(message.Body).Encoding);
            p.AddWithValue("$receivedAt", message.ReceivedAt.ToUnixTimeMilliseconds());
            p.AddWithValue("$convSeq", convSeq);
            p.AddWithValue("$listSeq", listSeq);
            p.AddWithValue("$status", (int)MessageStatus.Received);
            p.AddWithValue("$hasFiles", message.Files.Count > 0 ? 1 : 0);
            var rowId = (long)command.ExecuteScalar()!;
            var ordinal = 0;
            foreach (var file in message.Files)
            {
                var insertFile = context.Command("""
                    INSERT INTO message_files (token, message_rowid, ordinal, name, mime, size, path)
                    VALUES ($token, $row, $ordinal, $name, $mime, $size, $path)
                    """);
                insertFile.Parameters.AddWithValue("$token", file.Token);
                insertFile.Parameters.AddWithValue("$row", rowId);
                insertFile.Parameters.AddWithValue("$ordinal", ordinal++);
                insertFile.Parameters.AddWithValue("$name", file.Name);
                insertFile.Parameters.AddWithValue("$mime", file.Mime);
                insertFile.Parameters.AddWithValue("$size", file.Size);
                insertFile.Parameters.AddWithValue("$path", file.Path);
                insertFile.ExecuteNonQuery();
            }
            SqliteWebhookOutbox.MessageReceived(context, rowId, message.ReceivedAt);
            return new InboundInsertResult(rowId, listSeq, true);
        }, cancellationToken);

    public Task<CancelResult> CancelAsync(AccountId accountId, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var cancel = context.Command("""
                UPDATE messages SET status = $cancelled, status_at = $now, due_at = NULL, status_detail = 'cancelled by the account'
                WHERE account_id = $account AND message_id = $messageId AND status = $queued AND lease_until IS NULL
                """);
            cancel.Parameters.AddWithValue("$cancelled", (int)MessageStatus.Cancelled);
            cancel.Parameters.AddWithValue("$queued", (int)MessageStatus.Queued);
            cancel.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            cancel.Parameters.AddWithValue("$account", accountId.Value);
            cancel.Parameters.AddWithValue("$messageId", messageId);
            if (cancel.ExecuteNonQuery() == 1)
            {
                return CancelResult.Cancelled;
            }
            var exists = context.Command("SELECT 1 FROM messages WHERE account_id = $account AND message_id = $messageId");
            exists.Parameters.AddWithValue("$account", accountId.Value);
            exists.Parameters.AddWithValue("$messageId", messageId);
            return exists.ExecuteScalar() is null ? CancelResult.NotFound : CancelResult.TooLate;
        }, cancellationToken);

    public Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var command = context.Command("DELETE FROM idempotency_keys WHERE created_at < $before");
            command.Parameters.AddWithValue("$before", createdBefore.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }, cancellationToken);
}
