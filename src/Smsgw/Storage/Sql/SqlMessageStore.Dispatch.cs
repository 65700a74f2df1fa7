using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Storage.Sql;

internal sealed partial class SqlMessageStore
{
    public Task<IReadOnlyList<LeasedMessage>> LeaseDueAsync(DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<LeasedMessage>>(context =>
        {
            // Select then update inside the writer's transaction: nothing else writes in between, and the
            // old status tells whether an earlier lease ended without an outcome (the carrier may have it).
            // Ties (one request to many numbers) go in accept order: SQLite's index walk gives it for free, PostgreSQL
            // does not without the id.
            var select = context.Command($"""
                SELECT id, account_id, message_id, peer, local, body, encoding, parts, valid_until, attempts, status, concat_ref
                FROM messages
                WHERE due_at IS NOT NULL AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                ORDER BY due_at, id
                LIMIT @max
                {context.Engine.SkipLocked}
                """);
            select.With("@now", now.ToUnixTimeMilliseconds());
            select.With("@max", max);
            var leased = new List<LeasedMessage>();
            var newReferences = new List<LeasedMessage>();
            var retriedLong = new List<long>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    var message = new LeasedMessage(
                        reader.GetInt64(0),
                        new AccountId(reader.GetInt64(1)),
                        reader.GetString(2),
                        reader.GetString(3),
                        reader.GetString(4),
                        reader.GetString(5),
                        (SmsEncoding)reader.GetInt32(6),
                        reader.GetInt32(7),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
                        reader.GetInt32(9) + 1,
                        reader.GetInt32(10) == (int)MessageStatus.Submitting)
                    {
                        // Row ids are unique across nodes and consecutive, so messages sent one after another to a
                        // handset get different references, as a counter would give them.
                        ConcatenationReference = reader.IsDBNull(11) ? (int)(reader.GetInt64(0) % 0x10000) : reader.GetInt32(11),
                    };
                    leased.Add(message);
                    if (message.Parts > 1 && reader.IsDBNull(11))
                    {
                        newReferences.Add(message);
                    }
                    if (message.Parts > 1 && message.Attempts > 1)
                    {
                        retriedLong.Add(message.RowId);
                    }
                }
            }
            var leaseUntil = (now + leaseDuration).ToUnixTimeMilliseconds();
            if (leased.Count > 0)
            {
                var update = context.Command($"UPDATE messages SET status = @submitting, lease_until = @leaseUntil, attempts = attempts + 1 WHERE {context.Engine.InIds("id", "@ids")}");
                update.With("@submitting", (int)MessageStatus.Submitting);
                update.With("@leaseUntil", leaseUntil);
                update.With("@ids", context.Engine.Ids([.. leased.Select(m => m.RowId)]));
                update.ExecuteNonQuery();
            }
            foreach (var message in newReferences)
            {
                context.Command("UPDATE messages SET concat_ref = @ref WHERE id = @id")
                    .With("@ref", message.ConcatenationReference)
                    .With("@id", message.RowId)
                    .ExecuteNonQuery();
            }
            return retriedLong.Count == 0 ? leased : WithSubmittedParts(context, leased, retriedLong);
        }, cancellationToken);

    /// <summary>The parts earlier attempts of these long messages got acknowledged, so a retry sends only the rest.</summary>
    private static List<LeasedMessage> WithSubmittedParts(WriteContext context, List<LeasedMessage> leased, List<long> rowIds)
    {
        var select = context.Command($"SELECT message_rowid, part_no, carrier, carrier_message_id FROM message_parts WHERE {context.Engine.InIds("message_rowid", "@ids")}");
        select.With("@ids", context.Engine.Ids(rowIds));
        var parts = new Dictionary<long, List<SubmittedPart>>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                var rowId = reader.GetInt64(0);
                if (!parts.TryGetValue(rowId, out var list))
                {
                    parts[rowId] = list = [];
                }
                list.Add(new SubmittedPart(reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
            }
        }
        return [.. leased.Select(m => parts.TryGetValue(m.RowId, out var list) ? m with { SubmittedParts = list } : m)];
    }

    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = engine.OpenConnection();
        using var command = connection.CreateCommand();
        // Unleased rows only: the partial index on due_at yields the minimum at its edge. Expired leases are
        // found by the workers' regular poll.
        command.CommandText = "SELECT MIN(due_at) FROM messages WHERE due_at IS NOT NULL AND lease_until IS NULL";
        var value = command.ExecuteScalar();
        return Task.FromResult(value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null);
    }

    public Task RenewLeasesAsync(IReadOnlyList<(long RowId, int Attempt)> leases, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var rows = new RowSet("l", ("message_row", RowColumn.Int64), ("attempt", RowColumn.Int32));
            foreach (var (rowId, attempt) in leases)
            {
                rows.Add(rowId, attempt);
            }
            // Only a lease this attempt still holds: one that ended (outcome recorded) or passed to another attempt stays as it is.
            var renew = context.Command($"""
                UPDATE messages SET lease_until = @until
                FROM {context.Engine.Rows(rows)}
                WHERE messages.id = l.message_row AND messages.attempts = l.attempt AND messages.status = @submitting AND messages.lease_until IS NOT NULL
                """, rows);
            renew.With("@until", leaseUntil.ToUnixTimeMilliseconds());
            renew.With("@submitting", (int)MessageStatus.Submitting);
            return renew.ExecuteNonQuery();
        }, cancellationToken);

    public Task<int> ReleaseAllLeasesAsync(CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
            // Leased rows always have due_at, so the partial index on due_at finds them without a table scan.
            context.Command("UPDATE messages SET lease_until = NULL WHERE due_at IS NOT NULL AND lease_until IS NOT NULL").ExecuteNonQuery(), cancellationToken);

    /// <summary>Only a message still queued or being submitted (status 0 or 1), under the lease that produced the
    /// outcome (same attempt), takes it: a dispatcher whose lease expired under it changes nothing.</summary>
    public Task RecordOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            var at = now.ToUnixTimeMilliseconds();
            var submitted = outcomes.OfType<DispatchOutcome.Submitted>().ToList();
            if (submitted.Count > 0)
            {
                RecordSubmitted(context, submitted, now);
            }
            foreach (var outcome in outcomes)
            {
                switch (outcome)
                {
                    case DispatchOutcome.Failed failed:
                        var fail = WebhookOutbox.StatusUpdate(context, """
                            UPDATE messages SET status = @status, status_at = @at, status_detail = @detail, carrier = @carrier, due_at = NULL, lease_until = NULL
                            WHERE id = @id AND status IN (0, 1) AND attempts = @attempt
                            """);
                        fail.With("@attempt", failed.Attempt);
                        fail.With("@status", (int)failed.Status);
                        fail.With("@at", at);
                        fail.With("@detail", failed.Detail);
                        fail.With("@carrier", failed.Carrier);
                        fail.With("@id", failed.RowId);
                        WebhookOutbox.RunStatusUpdate(context, fail, now);
                        break;
                    case DispatchOutcome.Retry retry:
                        var again = context.Command("""
                            UPDATE messages SET status = @status, status_detail = @detail, due_at = @dueAt, lease_until = NULL
                            WHERE id = @id AND status IN (0, 1) AND attempts = @attempt
                            """);
                        again.With("@attempt", retry.Attempt);
                        again.With("@status", (int)(retry.InDoubt ? MessageStatus.Submitting : MessageStatus.Queued));
                        again.With("@detail", retry.Detail);
                        again.With("@dueAt", retry.DueAt.ToUnixTimeMilliseconds());
                        again.With("@id", retry.RowId);
                        again.ExecuteNonQuery();
                        break;
                }
            }
            return true;
        }, cancellationToken);

    public Task RecordPartSubmittedAsync(long rowId, SubmittedPart part, DateTimeOffset now, CancellationToken cancellationToken) =>
        writer.WriteAsync(context =>
        {
            // No lease condition: that the carrier holds this part is true whichever lease sent it, and a retry must
            // know it. The message's status is built from its parts when the outcome of the whole is recorded.
            RecordParts(context, [(rowId, part)], now.ToUnixTimeMilliseconds());
            return true;
        }, cancellationToken);

    /// <summary>Receipts rarely beat their part's record: with one writer, look for early ones only when some wait at all.
    /// With several nodes another node may be storing one right now: each part looks, under its lock.</summary>
    private static bool EarlyReceiptsMayWait(WriteContext context) =>
        context.Engine.LockKey("@k") is not null
        || context.Command("SELECT 1 FROM unmatched_receipts LIMIT 1").ExecuteScalar() is not null;

    /// <summary>The whole batch's status changes in one statement, then its parts in one more (not a round trip per message).</summary>
    private static void RecordSubmitted(WriteContext context, List<DispatchOutcome.Submitted> submitted, DateTimeOffset now)
    {
        // The carrier ids' locks (parts and one-submit messages alike) before the messages' rows: a receipt takes them in
        // that order too.
        LockCarrierIds(context, submitted.SelectMany(m => m.CarrierMessageIds.Select(id => (m.Carrier, id))));
        var rows = new RowSet("s", ("message_row", RowColumn.Int64), ("attempt", RowColumn.Int32), ("carrier", RowColumn.Text), ("carrier_id", RowColumn.Text));
        foreach (var message in submitted)
        {
            rows.Add(message.RowId, message.Attempt, message.Carrier, OneSubmit(message) ? message.CarrierMessageIds[0] : null);
        }
        var update = WebhookOutbox.StatusUpdate(context, $"""
            UPDATE messages SET status = @submitted, status_at = @at, status_detail = NULL, carrier = s.carrier, carrier_message_id = s.carrier_id,
                due_at = NULL, lease_until = NULL
            FROM {context.Engine.Rows(rows)}
            WHERE messages.id = s.message_row AND messages.status IN (0, 1) AND messages.attempts = s.attempt
            """);
        context.Engine.BindRows(update, rows);
        update.With("@submitted", (int)MessageStatus.Submitted);
        update.With("@at", now.ToUnixTimeMilliseconds());
        // A message missing here had its outcome recorded by another dispatcher, whose lease this one outlived.
        var changed = WebhookOutbox.RunStatusUpdate(context, update, now).ToHashSet();
        var parts = new List<(long RowId, SubmittedPart Part)>();
        foreach (var message in submitted.Where(m => changed.Contains(m.RowId) && !OneSubmit(m)))
        {
            for (var i = 0; i < message.CarrierMessageIds.Count; i++)
            {
                parts.Add((message.RowId, new SubmittedPart(i + 1, message.Carrier, message.CarrierMessageIds[i])));
            }
        }
        // Found on the message's row now (its update above), a receipt that came first moves the message itself.
        var onRows = submitted.Where(m => changed.Contains(m.RowId) && OneSubmit(m)).Select(m => (m.Carrier, m.CarrierMessageIds[0])).ToList();
        var fromParts = RecordParts(context, parts, now.ToUnixTimeMilliseconds(), locked: true, onRows);
        if (fromParts.Count > 0)
        {
            UpdateMessagesFromParts(context, [.. fromParts.Select(row => (row, now))]);
        }
    }

    /// <summary>
    /// The carrier took the message as one submit (one part, or a long text in one <c>message_payload</c>): its id is kept
    /// on the message's own row (<c>messages.carrier_message_id</c>), not in a <c>message_parts</c> row. Not for a message
    /// whose earlier attempt recorded parts (its split changed since): its id goes with those, as a part.
    /// </summary>
    private static bool OneSubmit(DispatchOutcome.Submitted message) => message.CarrierMessageIds.Count == 1 && !message.PartsRecordedBefore;

    /// <summary>
    /// Inserts the parts not recorded yet (the key (message, part) keeps the first id recorded for a part), then applies
    /// receipts that came before them, and before the ids <paramref name="recordedOnRows"/> (one-submit messages this
    /// commit recorded on their own rows), in one lookup. Returns the messages whose status must be built again from
    /// their parts: one with a part recorded earlier (while it was still being sent, so its receipt may be in) or with an
    /// early receipt.
    /// </summary>
    private static HashSet<long> RecordParts(WriteContext context, IReadOnlyList<(long RowId, SubmittedPart Part)> parts, long at, bool locked = false,
        IReadOnlyList<(string Carrier, string CarrierMessageId)>? recordedOnRows = null)
    {
        var fromParts = new HashSet<long>();
        var fresh = new List<(long RowId, SubmittedPart Part)>(parts.Count);
        if (parts.Count > 0)
        {
            InsertParts(context, parts, at, locked, fresh, fromParts);
        }
        List<(string Carrier, string CarrierMessageId)> justRecorded = [.. fresh.Select(p => (p.Part.Carrier, p.Part.CarrierMessageId)), .. recordedOnRows ?? []];
        if (justRecorded.Count > 0 && EarlyReceiptsMayWait(context))
        {
            var early = ApplyEarlyReceipts(context, justRecorded);
            fromParts.UnionWith(fresh.Where(p => early.Contains((p.Part.Carrier, p.Part.CarrierMessageId))).Select(p => p.RowId));
        }
        return fromParts;
    }

    /// <summary>
    /// The insert of <see cref="RecordParts"/>: <paramref name="fresh"/> gets the parts it recorded, and
    /// <paramref name="fromParts"/> the messages of those recorded before.
    /// </summary>
    private static void InsertParts(WriteContext context, IReadOnlyList<(long RowId, SubmittedPart Part)> parts, long at, bool locked,
        List<(long RowId, SubmittedPart Part)> fresh, HashSet<long> fromParts)
    {
        if (!locked)
        {
            LockCarrierIds(context, parts.Select(p => (p.Part.Carrier, p.Part.CarrierMessageId)));
        }
        var rows = new RowSet("p", ("message_row", RowColumn.Int64), ("part_no", RowColumn.Int32), ("carrier", RowColumn.Text), ("carrier_id", RowColumn.Text));
        foreach (var (rowId, part) in parts)
        {
            rows.Add(rowId, part.PartNo, part.Carrier, part.CarrierMessageId);
        }
        // "WHERE true" tells SQLite's parser the ON CONFLICT belongs to the INSERT, not to a join.
        var insert = context.Command($"""
            INSERT INTO message_parts (message_rowid, part_no, carrier, carrier_message_id, status, updated_at)
            SELECT p.message_row, p.part_no, p.carrier, p.carrier_id, @submitted, @at FROM {context.Engine.Rows(rows)} WHERE true
            ON CONFLICT DO NOTHING
            RETURNING message_rowid, part_no
            """, rows);
        insert.With("@submitted", (int)MessageStatus.Submitted).With("@at", at);
        var inserted = new HashSet<(long RowId, int PartNo)>();
        using (var reader = insert.ExecuteReader())
        {
            while (reader.Read())
            {
                inserted.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }
        foreach (var part in parts)
        {
            if (inserted.Contains((part.RowId, part.Part.PartNo)))
            {
                fresh.Add(part);
            }
            else
            {
                // Its early receipts were applied when it was first recorded; under another id (two dispatchers sent
                // the part) the receipts waiting for this id match no row and stay kept as unmatched.
                fromParts.Add(part.RowId);
            }
        }
    }

    /// <summary>
    /// A carrier id's record (a part's row, or a one-submit message's own row) and its receipt may be written at once on
    /// two nodes: each would miss the other's uncommitted row and the receipt would stay unmatched. Both take this lock first, so the second sees what the first committed.
    /// </summary>
    private static void LockCarrierIds(WriteContext context, IEnumerable<(string Carrier, string CarrierMessageId)> ids) =>
        context.Lock(ids.Select(id => $"receipt:{id.Carrier}:{id.CarrierMessageId}"));

    /// <summary>
    /// A receipt may beat the submit's own record (SMSCs do send them before submit_sm_resp): those waiting for these
    /// carrier ids, just recorded, are applied and forgotten: a part row takes them and the caller builds its message's
    /// status from its parts; a one-submit message takes them itself. Returns the carrier ids that had any.
    /// </summary>
    private static HashSet<(string Carrier, string CarrierMessageId)> ApplyEarlyReceipts(WriteContext context, List<(string Carrier, string CarrierMessageId)> carrierIds)
    {
        var keys = new RowSet("k", ("carrier", RowColumn.Text), ("carrier_id", RowColumn.Text));
        foreach (var (carrier, id) in carrierIds.Distinct())
        {
            keys.Add(carrier, id);
        }
        var find = context.Command($"""
            SELECT u.id, u.carrier, u.carrier_message_id, u.status, u.error_code, u.received_at
            FROM unmatched_receipts u JOIN {context.Engine.Rows(keys)} ON u.carrier = k.carrier AND u.carrier_message_id = k.carrier_id
            ORDER BY u.id
            """, keys);
        var ids = new List<long>();
        var receipts = new List<DeliveryReceipt>();
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                ids.Add(reader.GetInt64(0));
                receipts.Add(new DeliveryReceipt(reader.GetString(1), reader.GetString(2), (MessageStatus)reader.GetInt32(3),
                    reader.GetStringOrNull(4), reader.GetInstant(5)));
            }
        }
        if (receipts.Count == 0)
        {
            return [];
        }
        // The carrier ids' locks are held already (taken before their record).
        ApplyReceipts(context, receipts, updateMessages: false);
        var delete = context.Command($"DELETE FROM unmatched_receipts WHERE {context.Engine.InIds("id", "@ids")}");
        delete.With("@ids", context.Engine.Ids(ids));
        delete.ExecuteNonQuery();
        return [.. receipts.Select(r => (r.Carrier, r.CarrierMessageId))];
    }

    public Task<IReadOnlyList<ReceiptMatch>> ApplyDeliveryReceiptsAsync(IReadOnlyList<DeliveryReceipt> receipts, CancellationToken cancellationToken) =>
        writer.WriteAsync(ApplyReceiptBatches, receipts, cancellationToken);

    /// <summary>Every caller's receipts of one commit (an SMSC sends one per PDU) applied together, in one pass.</summary>
    private static readonly BatchWrite<IReadOnlyList<DeliveryReceipt>, IReadOnlyList<ReceiptMatch>> ApplyReceiptBatches = new((context, batches) =>
    {
        var receipts = batches.SelectMany(b => b).ToList();
        LockCarrierIds(context, receipts.Select(r => (r.Carrier, r.CarrierMessageId)));
        var results = ApplyReceipts(context, receipts, updateMessages: true);
        var keep = new RowSet("r", ("carrier", RowColumn.Text), ("carrier_id", RowColumn.Text), ("status", RowColumn.Int32), ("error_code", RowColumn.Text), ("received_at", RowColumn.Int64));
        for (var i = 0; i < receipts.Count; i++)
        {
            if (results[i] == ReceiptMatch.Unmatched)
            {
                var receipt = receipts[i];
                keep.Add(receipt.Carrier, receipt.CarrierMessageId, (int)receipt.Status, receipt.ErrorCode, receipt.ReceivedAt.ToUnixTimeMilliseconds());
            }
        }
        if (keep.Count > 0)
        {
            context.Command($"""
                INSERT INTO unmatched_receipts (carrier, carrier_message_id, status, error_code, received_at)
                SELECT r.carrier, r.carrier_id, r.status, r.error_code, r.received_at FROM {context.Engine.Rows(keep)}
                """, keep).ExecuteNonQuery();
        }
        var split = new IReadOnlyList<ReceiptMatch>[batches.Count];
        var offset = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            split[i] = results.AsSpan(offset, batches[i].Count).ToArray();
            offset += batches[i].Count;
        }
        return split;
    });

    /// <summary>
    /// A message part as a batch of receipts finds and changes it; <paramref name="onMessageRow"/>: the whole message taken
    /// as one submit, whose carrier id and status are its row's (<see cref="OneSubmit"/>).
    /// </summary>
    private sealed class PartState(long rowId, int partNo, MessageStatus status, int partCount, bool onMessageRow)
    {
        public long RowId { get; } = rowId;
        public int PartNo { get; } = partNo;
        public int PartCount { get; } = partCount;
        public bool OnMessageRow { get; } = onMessageRow;
        public MessageStatus Status { get; set; } = status;
        public string? Error { get; set; }
        public DateTimeOffset At { get; set; }
        public bool Changed { get; set; }
    }

    /// <summary>
    /// Applies receipts in their order to the parts they name (a part's final status is never moved again), with one
    /// statement to find the parts and one to change them for the whole batch; with <paramref name="updateMessages"/>,
    /// each changed message then takes its new status. A one-submit message (its carrier id on its own row) is its own
    /// part and takes each status whatever <paramref name="updateMessages"/> says. The caller holds the carrier ids' locks.
    /// </summary>
    private static ReceiptMatch[] ApplyReceipts(WriteContext context, IReadOnlyList<DeliveryReceipt> receipts, bool updateMessages)
    {
        var partsById = new Dictionary<(string Carrier, string CarrierMessageId), List<PartState>>();
        var keys = new RowSet("k", ("key_no", RowColumn.Int32), ("carrier", RowColumn.Text), ("carrier_id", RowColumn.Text));
        var lists = new List<List<PartState>>();
        foreach (var receipt in receipts)
        {
            if (partsById.TryAdd((receipt.Carrier, receipt.CarrierMessageId), new List<PartState>(1)))
            {
                keys.Add(lists.Count, receipt.Carrier, receipt.CarrierMessageId);
                lists.Add(partsById[(receipt.Carrier, receipt.CarrierMessageId)]);
            }
        }
        var find = context.Command($"""
            SELECT k.key_no, p.message_rowid, p.part_no, p.status, m.parts, 0
            FROM {context.Engine.Rows(keys)}
            JOIN message_parts p ON p.carrier = k.carrier AND p.carrier_message_id = k.carrier_id
            JOIN messages m ON m.id = p.message_rowid
            UNION ALL
            SELECT k.key_no, m.id, 1, m.status, 1, 1
            FROM {context.Engine.Rows(keys)}
            JOIN messages m ON m.carrier = k.carrier AND m.carrier_message_id = k.carrier_id
            WHERE m.carrier_message_id IS NOT NULL
            """, keys);
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                lists[reader.GetInt32(0)].Add(new PartState(reader.GetInt64(1), reader.GetInt32(2), (MessageStatus)reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5) == 1));
            }
        }
        var results = new ReceiptMatch[receipts.Count];
        var changedParts = new List<PartState>();
        var oneParted = new List<(long RowId, MessageStatus Status, string? Error, DateTimeOffset At)>();
        var onMessageRows = new List<(long RowId, MessageStatus Status, string? Error, DateTimeOffset At)>();
        var longMessages = new Dictionary<long, DateTimeOffset>();
        for (var i = 0; i < receipts.Count; i++)
        {
            var receipt = receipts[i];
            var parts = partsById[(receipt.Carrier, receipt.CarrierMessageId)];
            results[i] = parts.Count == 0 ? ReceiptMatch.Unmatched : ReceiptMatch.AlreadyApplied;
            foreach (var part in parts)
            {
                if (part.Status == receipt.Status || part.Status.IsFinal())
                {
                    continue;
                }
                part.Status = receipt.Status;
                part.Error = receipt.ErrorCode;
                part.At = receipt.ReceivedAt;
                results[i] = ReceiptMatch.Applied;
                if (part.OnMessageRow)
                {
                    onMessageRows.Add((part.RowId, receipt.Status, receipt.ErrorCode, receipt.ReceivedAt));
                    continue;
                }
                if (!part.Changed)
                {
                    part.Changed = true;
                    changedParts.Add(part);
                }
                if (part.PartCount == 1)
                {
                    oneParted.Add((part.RowId, receipt.Status, receipt.ErrorCode, receipt.ReceivedAt));
                }
                else
                {
                    longMessages[part.RowId] = receipt.ReceivedAt;
                }
            }
        }
        // Whatever the caller does with parts: this part is the message.
        SetMessageStatuses(context, onMessageRows);
        if (changedParts.Count == 0)
        {
            return results;
        }
        var updates = new RowSet("u", ("message_row", RowColumn.Int64), ("part_no", RowColumn.Int32), ("status", RowColumn.Int32), ("error_code", RowColumn.Text), ("at", RowColumn.Int64));
        foreach (var part in changedParts)
        {
            updates.Add(part.RowId, part.PartNo, (int)part.Status, part.Error, part.At.ToUnixTimeMilliseconds());
        }
        context.Command($"""
            UPDATE message_parts SET status = u.status, error_code = u.error_code, updated_at = u.at
            FROM {context.Engine.Rows(updates)}
            WHERE message_parts.message_rowid = u.message_row AND message_parts.part_no = u.part_no
            """, updates).ExecuteNonQuery();
        if (updateMessages)
        {
            // A one-part message takes each status its part took, in order (a report per change); a long one is built
            // from all its parts as the batch leaves them.
            SetMessageStatuses(context, oneParted);
            UpdateMessagesFromParts(context, [.. longMessages.Select(m => (m.Key, m.Value))]);
        }
        return results;
    }

    /// <summary>A long message is delivered only when every part is; the first failed part decides a failure.</summary>
    private static void UpdateMessagesFromParts(WriteContext context, IReadOnlyList<(long RowId, DateTimeOffset At)> messages)
    {
        if (messages.Count == 0)
        {
            return;
        }
        // Two writers may each change one part of a message at once: each would read the other's part as it was and
        // build a stale status (two parts delivered, the message never). The second waits here for the first's commit,
        // then reads both.
        context.Lock(messages.Select(m => $"message:{m.RowId}"));
        var select = context.Command($"SELECT message_rowid, status, error_code FROM message_parts WHERE {context.Engine.InIds("message_rowid", "@rows")} ORDER BY message_rowid, part_no");
        select.With("@rows", context.Engine.Ids([.. messages.Select(m => m.RowId)]));
        var statuses = new Dictionary<long, List<(MessageStatus Status, string? Error)>>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                var rowId = reader.GetInt64(0);
                if (!statuses.TryGetValue(rowId, out var list))
                {
                    statuses[rowId] = list = [];
                }
                list.Add(((MessageStatus)reader.GetInt32(1), reader.GetStringOrNull(2)));
            }
        }
        SetMessageStatuses(context, [.. messages.Select(m =>
        {
            var (status, error) = MessagePartStatus.Combine(statuses.TryGetValue(m.RowId, out var list) ? list : []);
            return (m.RowId, status, error, m.At);
        })]);
    }

    /// <summary>
    /// Moves submitted messages to their receipts' status, in order; a final status is never moved again. One statement
    /// for the lot, or one per round when a message changes more than once (its n-th change in the n-th).
    /// </summary>
    private static void SetMessageStatuses(WriteContext context, IReadOnlyList<(long RowId, MessageStatus Status, string? Error, DateTimeOffset At)> changes)
    {
        foreach (var round in BatchRounds.Split(changes, c => c.RowId))
        {
            SetMessageStatusesOnce(context, round);
        }
    }

    private static void SetMessageStatusesOnce(WriteContext context, List<(long RowId, MessageStatus Status, string? Error, DateTimeOffset At)> changes)
    {
        var rows = new RowSet("c", ("message_row", RowColumn.Int64), ("status", RowColumn.Int32), ("detail", RowColumn.Text), ("at", RowColumn.Int64));
        foreach (var (rowId, status, error, at) in changes)
        {
            rows.Add(rowId, (int)status, error, at.ToUnixTimeMilliseconds());
        }
        var update = WebhookOutbox.StatusUpdate(context, $"""
            UPDATE messages SET status = c.status, status_at = c.at, status_detail = c.detail
            FROM {context.Engine.Rows(rows)}
            WHERE messages.id = c.message_row AND messages.status <> c.status AND messages.status IN (@submitted, @buffered, @unknown)
            """);
        context.Engine.BindRows(update, rows);
        update.With("@submitted", (int)MessageStatus.Submitted);
        update.With("@buffered", (int)MessageStatus.Buffered);
        update.With("@unknown", (int)MessageStatus.Unknown);
        WebhookOutbox.RunStatusUpdate(context, update, changes.Max(c => c.At));
    }
}
