using System.Data.Common;
using System.Globalization;
using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Storage.Sql;

internal sealed partial class SqlMessageStore(SqlEngine engine, StoreWriter writer) : IMessageStore
{
    public Task<AcceptResult> InsertAcceptedAsync(AccountId accountId, IReadOnlyList<NewOutboundMessage> messages, IdempotencyRecord? idempotency, CancellationToken cancellationToken) =>
        writer.WriteAsync(Accept, new AcceptRequest(accountId, messages, idempotency), cancellationToken);

    private sealed record AcceptRequest(AccountId AccountId, IReadOnlyList<NewOutboundMessage> Messages, IdempotencyRecord? Idempotency);

    /// <summary>
    /// The sends of one commit, whatever their number, in three statements: the conversations' sequences, the
    /// accounts' list sequences (each row moved once by the count it gives out), then every message. An idempotency
    /// key is claimed first, one statement per request that has one. On PostgreSQL a commit of sends without keys is
    /// one statement that commits by itself (<see cref="AcceptInOneStatement"/>).
    /// </summary>
    private static readonly BatchWrite<AcceptRequest, AcceptResult> Accept = new(AcceptInTransaction)
    {
        // Every send of an account moves its one list counter.
        HoldsSharedRows = true,
        Autocommit = AcceptInOneStatement,
        SentMessages = request => Math.Max(1, request.Messages.Count),
    };

    private static AcceptResult[] AcceptInTransaction(WriteContext context, IReadOnlyList<AcceptRequest> requests)
    {
        var results = new AcceptResult[requests.Count];
        var messages = new List<(AccountId Account, NewOutboundMessage Message)>();
        for (var i = 0; i < requests.Count; i++)
        {
            var request = requests[i];
            if (request.Idempotency is not null && ClaimIdempotencyKey(context, request.AccountId, request.Idempotency) is { } earlier)
            {
                results[i] = earlier;
                continue;
            }
            results[i] = new AcceptResult.Stored();
            messages.AddRange(request.Messages.Select(m => (request.AccountId, m)));
        }
        if (messages.Count == 0)
        {
            return results;
        }
        var conversationSeqs = TakeConversationSequences(context, [.. messages.Select(m => (m.Account.Value, m.Message.Receiver))]);
        var outbound = ((int)MessageDirection.Outbound).ToString(CultureInfo.InvariantCulture);
        var listSeqs = TakeSequences(context, "account_sequences", "direction", [.. messages.Select(m => (m.Account.Value, outbound))]);
        var rows = OutboundRows(messages, ("conv_seq", conversationSeqs), ("list_seq", listSeqs));
        context.Command($"{InsertOutbound("n.conv_seq", "n.list_seq")} FROM {context.Engine.Rows(rows)}", rows).ExecuteNonQuery();
        return results;
    }

    /// <summary>
    /// The sends of a commit that holds nothing else and claims no idempotency key, on PostgreSQL, as one statement
    /// outside a transaction: both counter upserts (conversations first, then the list counter, the order the
    /// three-statement form and inbound messages take them) and the insert, in data-modifying CTEs. The account's list
    /// counter row, which every node's sends of that account need, is then held only while the statement runs and
    /// commits. Numbers are handed out as <see cref="TakeSequences"/> hands them: in the order of the messages.
    /// </summary>
    private static AcceptResult[]? AcceptInOneStatement(WriteContext context, IReadOnlyList<AcceptRequest> requests)
    {
        if (!context.Engine.WritableCtes || requests.Any(request => request.Idempotency is not null))
        {
            return null;
        }
        var messages = requests.SelectMany(request => request.Messages.Select(m => (request.AccountId, m))).ToList();
        var rows = OutboundRows(messages, ("ord", [.. Enumerable.Range(0, messages.Count).Select(i => (long)i)]));
        // Built before the statement runs: once it has run, the sends are committed and nothing may fail them.
        AcceptResult[] results = [.. requests.Select(_ => new AcceptResult.Stored())];
        // The uncorrelated subquery over c is an InitPlan that l's first row waits for, and count(*) reads c to its end,
        // so every conversation row is locked before the list counter whatever join order is planned (executor
        // behaviour PostgreSQL does not document; ConcurrentNodesStoreTests checks the order).
        // The commit does not wait for its WAL flush while it holds the counters, and the writer waits for it after:
        // the next node's sends of this account queue behind the insert, not behind this one's fsync as well. Other
        // sessions may read the rows a few milliseconds before they are durable, but a dispatcher's lease of them is a
        // commit that waits for its own flush, which comes later in the WAL: nothing reaches a carrier before that.
        var noFlushWait = context.CommitWithoutFlushWait() is { } setting ? $" WHERE {setting} IS NOT NULL" : "";
        context.Command($"""
            WITH n AS (SELECT {string.Join(", ", rows.Columns.Select(column => column.Name))} FROM {context.Engine.Rows(rows)}{noFlushWait}),
            c AS (
                INSERT INTO conversations (account_id, peer, last_seq)
                SELECT account_id, peer, count(*) FROM n GROUP BY account_id, peer ORDER BY account_id, peer COLLATE "C"
                ON CONFLICT (account_id, peer) DO UPDATE SET last_seq = conversations.last_seq + excluded.last_seq
                RETURNING account_id, peer, last_seq),
            l AS (
                INSERT INTO account_sequences (account_id, direction, last_seq)
                SELECT account_id, {(int)MessageDirection.Outbound}, count(*) FROM n WHERE (SELECT count(*) FROM c) > 0 GROUP BY account_id ORDER BY account_id
                ON CONFLICT (account_id, direction) DO UPDATE SET last_seq = account_sequences.last_seq + excluded.last_seq
                RETURNING account_id, last_seq)
            {InsertOutbound(
                "c.last_seq - count(*) OVER (PARTITION BY n.account_id, n.peer) + row_number() OVER (PARTITION BY n.account_id, n.peer ORDER BY n.ord)",
                "l.last_seq - count(*) OVER (PARTITION BY n.account_id) + row_number() OVER (PARTITION BY n.account_id ORDER BY n.ord)")}
            FROM n JOIN c ON c.account_id = n.account_id AND c.peer = n.peer JOIN l ON l.account_id = n.account_id
            ORDER BY n.ord
            """, rows).ExecuteNonQuery();
        return results;
    }

    /// <summary>The insert of outbound messages from rows <c>n</c> (<see cref="OutboundRows"/>), their two numbers given as SQL.</summary>
    private static string InsertOutbound(string conversationSeq, string listSeq) => $"""
        INSERT INTO messages (account_id, direction, message_id, peer, local, body, reference, subid, encoding, parts,
            created_at, conv_seq, list_seq, status, status_at, scheduled_at, due_at, valid_until)
        SELECT n.account_id, {(int)MessageDirection.Outbound}, n.message_id, n.peer, n.local, n.body, n.reference, n.subid, n.encoding, n.parts,
            n.created_at, {conversationSeq}, {listSeq}, {(int)MessageStatus.Queued}, n.created_at, n.scheduled_at, n.due_at, n.valid_until
        """;

    /// <summary>The messages as rows <c>n</c>, with extra numeric columns (one value per message).</summary>
    private static RowSet OutboundRows(List<(AccountId Account, NewOutboundMessage Message)> messages, params (string Name, long[] Values)[] extra)
    {
        var rows = new RowSet("n", [("account_id", RowColumn.Int64), ("message_id", RowColumn.Text), ("peer", RowColumn.Text), ("local", RowColumn.Text),
            ("body", RowColumn.Text), ("reference", RowColumn.Text), ("subid", RowColumn.Text), ("encoding", RowColumn.Int32), ("parts", RowColumn.Int32),
            ("created_at", RowColumn.Int64), ("scheduled_at", RowColumn.Int64), ("due_at", RowColumn.Int64), ("valid_until", RowColumn.Int64),
            .. extra.Select(column => (column.Name, RowColumn.Int64))]);
        for (var i = 0; i < messages.Count; i++)
        {
            var (account, message) = messages[i];
            rows.Add([account.Value, message.MessageId, message.Receiver, message.Sender, message.Body, message.Reference, message.SubId,
                (int)message.Encoding, message.Parts, message.CreatedAt.ToUnixTimeMilliseconds(), message.ScheduledAt?.ToUnixTimeMilliseconds(),
                message.DueAt.ToUnixTimeMilliseconds(), message.ValidUntil.ToUnixTimeMilliseconds(), .. extra.Select(column => (object?)column.Values[i])]);
        }
        return rows;
    }

    private static readonly Comparer<(long Account, string Key)> OrdinalKeys =
        Comparer<(long Account, string Key)>.Create((a, b) => a.Account != b.Account ? a.Account.CompareTo(b.Account) : string.CompareOrdinal(a.Key, b.Key));

    /// <summary>
    /// The next number of each (account, key) of <paramref name="table"/> (<c>conversations</c> by peer,
    /// <c>account_sequences</c> by direction), for each entry in order: one upsert moves each counter by the count it
    /// hands out. The counters are locked in one order (sorted), so two nodes' batches queue rather than deadlock.
    /// </summary>
    private static long[] TakeSequences(WriteContext context, string table, string keyColumn, IReadOnlyList<(long Account, string Key)> entries)
    {
        var counts = new SortedDictionary<(long Account, string Key), long>(OrdinalKeys);
        foreach (var entry in entries)
        {
            counts[entry] = counts.GetValueOrDefault(entry) + 1;
        }
        var rows = new RowSet("q", ("account_id", RowColumn.Int64), ("seq_key", RowColumn.Text), ("n", RowColumn.Int64));
        foreach (var ((account, key), count) in counts)
        {
            rows.Add(account, key, count);
        }
        var keyType = keyColumn == "direction" ? "integer" : "text";
        var upsert = context.Command($"""
            INSERT INTO {table} (account_id, {keyColumn}, last_seq)
            SELECT q.account_id, CAST(q.seq_key AS {keyType}), q.n FROM {context.Engine.Rows(rows)} WHERE true
            ON CONFLICT (account_id, {keyColumn}) DO UPDATE SET last_seq = {table}.last_seq + excluded.last_seq
            RETURNING account_id, CAST({keyColumn} AS text), last_seq
            """, rows);
        var next = new Dictionary<(long Account, string Key), long>();
        using (var reader = upsert.ExecuteReader())
        {
            while (reader.Read())
            {
                var entry = (reader.GetInt64(0), reader.GetString(1));
                next[entry] = reader.GetInt64(2) - counts[entry] + 1;
            }
        }
        return Number(entries, next);
    }

    /// <summary>
    /// The next conversation number of each (account, peer), for each entry in order. Several nodes take them from the
    /// <c>conversations</c> counter rows (<see cref="TakeSequences"/>: the row is what they queue on). One writer reads
    /// the highest number in the conversation index instead, inside its write transaction: no row of its own to
    /// rewrite per peer at every commit (SQLite keeps <c>conversations</c> as a view).
    /// </summary>
    private static long[] TakeConversationSequences(WriteContext context, IReadOnlyList<(long Account, string Peer)> entries)
    {
        if (!context.Engine.SingleNode)
        {
            return TakeSequences(context, "conversations", "peer", entries);
        }
        var keys = new RowSet("q", ("account_id", RowColumn.Int64), ("peer", RowColumn.Text));
        foreach (var (account, peer) in entries.Distinct())
        {
            keys.Add(account, peer);
        }
        var last = context.Command($"""
            SELECT q.account_id, q.peer, (SELECT MAX(m.conv_seq) FROM messages m WHERE m.account_id = q.account_id AND m.peer = q.peer)
            FROM {context.Engine.Rows(keys)}
            """, keys);
        var next = new Dictionary<(long Account, string Key), long>();
        using (var reader = last.ExecuteReader())
        {
            while (reader.Read())
            {
                next[(reader.GetInt64(0), reader.GetString(1))] = (reader.IsDBNull(2) ? 0 : reader.GetInt64(2)) + 1;
            }
        }
        return Number(entries, next);
    }

    /// <summary>Each entry's number, counting up from <paramref name="next"/> (the first number of each key).</summary>
    private static long[] Number(IReadOnlyList<(long Account, string Key)> entries, Dictionary<(long Account, string Key), long> next)
    {
        var seqs = new long[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            seqs[i] = next[entries[i]]++;
        }
        return seqs;
    }

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

    public Task<InboundInsertResult> InsertInboundAsync(NewInboundMessage message, CancellationToken cancellationToken) =>
        writer.WriteSharedRowsAsync(context => InsertInbound(context, message), cancellationToken);

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
        var convSeq = TakeConversationSequences(context, [(message.AccountId.Value, message.Sender)])[0];
        var inbound = ((int)MessageDirection.Inbound).ToString(CultureInfo.InvariantCulture);
        var listSeq = TakeSequences(context, "account_sequences", "direction", [(message.AccountId.Value, inbound)])[0];
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
