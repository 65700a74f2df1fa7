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
            var select = context.Command($"""
                SELECT id, account_id, message_id, peer, local, body, encoding, parts, valid_until, attempts, status, concat_ref
                FROM messages
                WHERE due_at IS NOT NULL AND due_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                ORDER BY due_at
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
            var earlyReceiptsWaiting = EarlyReceiptsMayWait(context);
            foreach (var outcome in outcomes)
            {
                switch (outcome)
                {
                    case DispatchOutcome.Submitted submitted:
                        RecordSubmitted(context, submitted, now, earlyReceiptsWaiting);
                        break;
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
                        WebhookOutbox.RunStatusUpdate(context, fail, failed.RowId, now);
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
            // know it. The key (message, part) keeps the first id recorded for a part.
            RecordPart(context, rowId, part, now.ToUnixTimeMilliseconds(), EarlyReceiptsMayWait(context));
            return true;
        }, cancellationToken);

    /// <summary>Receipts rarely beat their part's record: with one writer, look for early ones only when some wait at all.
    /// With several nodes another node may be storing one right now: each part looks, under its lock.</summary>
    private static bool EarlyReceiptsMayWait(WriteContext context) =>
        context.Engine.LockKey("@k") is not null
        || context.Command("SELECT 1 FROM unmatched_receipts LIMIT 1").ExecuteScalar() is not null;

    private static void RecordSubmitted(WriteContext context, DispatchOutcome.Submitted submitted, DateTimeOffset now, bool earlyReceiptsWaiting)
    {
        var at = now.ToUnixTimeMilliseconds();
        var update = WebhookOutbox.StatusUpdate(context, """
            UPDATE messages SET status = @submitted, status_at = @at, status_detail = NULL, carrier = @carrier, due_at = NULL, lease_until = NULL
            WHERE id = @id AND status IN (0, 1) AND attempts = @attempt
            """);
        update.With("@attempt", submitted.Attempt);
        update.With("@submitted", (int)MessageStatus.Submitted);
        update.With("@at", at);
        update.With("@carrier", submitted.Carrier);
        update.With("@id", submitted.RowId);
        if (!WebhookOutbox.RunStatusUpdate(context, update, submitted.RowId, now))
        {
            return; // another dispatcher (whose lease this one outlived) already recorded the outcome
        }
        var fromParts = false;
        for (var i = 0; i < submitted.CarrierMessageIds.Count; i++)
        {
            var (inserted, matchedEarly) = RecordPart(context, submitted.RowId, new SubmittedPart(i + 1, submitted.Carrier, submitted.CarrierMessageIds[i]), at, earlyReceiptsWaiting);
            // A part recorded while the message was still being sent may already have its receipt.
            fromParts |= !inserted || matchedEarly;
        }
        if (fromParts)
        {
            UpdateMessageFromParts(context, submitted.RowId, now);
        }
    }

    /// <summary>Inserts the part unless it is recorded already; then applies receipts that came before it.</summary>
    private static (bool Inserted, bool MatchedEarly) RecordPart(WriteContext context, long rowId, SubmittedPart part, long at, bool earlyReceiptsWaiting)
    {
        LockCarrierId(context, part.Carrier, part.CarrierMessageId);
        var insert = context.Command("""
            INSERT INTO message_parts (message_rowid, part_no, carrier, carrier_message_id, status, updated_at)
            VALUES (@row, @partNo, @carrier, @carrierId, @submitted, @at)
            ON CONFLICT DO NOTHING
            """);
        insert.With("@row", rowId);
        insert.With("@partNo", part.PartNo);
        insert.With("@carrier", part.Carrier);
        insert.With("@carrierId", part.CarrierMessageId);
        insert.With("@submitted", (int)MessageStatus.Submitted);
        insert.With("@at", at);
        if (insert.ExecuteNonQuery() == 0)
        {
            // Its early receipts were applied when it was first recorded; under another id (two dispatchers sent the
            // part) the receipts waiting for this id match no row and stay kept as unmatched.
            return (false, false);
        }
        return (true, earlyReceiptsWaiting && ApplyEarlyReceipts(context, part.Carrier, part.CarrierMessageId));
    }

    /// <summary>
    /// A part's record and its receipt may be written at once on two nodes: each would miss the other's uncommitted row
    /// and the receipt would stay unmatched. Both take this lock first, so the second sees what the first committed.
    /// </summary>
    private static void LockCarrierId(WriteContext context, string carrier, string carrierMessageId) =>
        context.Lock($"receipt:{carrier}:{carrierMessageId}");

    /// <summary>A receipt may beat the submit's own record (SMSCs do send them before submit_sm_resp).</summary>
    private static bool ApplyEarlyReceipts(WriteContext context, string carrier, string carrierMessageId)
    {
        var find = context.Command("SELECT id, status, error_code, received_at FROM unmatched_receipts WHERE carrier = @carrier AND carrier_message_id = @carrierId ORDER BY id");
        find.With("@carrier", carrier);
        find.With("@carrierId", carrierMessageId);
        var early = new List<(long Id, DeliveryReceipt Receipt)>();
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                early.Add((reader.GetInt64(0), new DeliveryReceipt(carrier, carrierMessageId, (MessageStatus)reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)))));
            }
        }
        foreach (var (id, receipt) in early)
        {
            ApplyToParts(context, receipt, updateMessage: false);
            var delete = context.Command("DELETE FROM unmatched_receipts WHERE id = @id");
            delete.With("@id", id);
            delete.ExecuteNonQuery();
        }
        return early.Count > 0;
    }

    public Task<IReadOnlyList<ReceiptMatch>> ApplyDeliveryReceiptsAsync(IReadOnlyList<DeliveryReceipt> receipts, CancellationToken cancellationToken) =>
        writer.WriteAsync<IReadOnlyList<ReceiptMatch>>(context =>
        {
            var results = new ReceiptMatch[receipts.Count];
            for (var i = 0; i < receipts.Count; i++)
            {
                var receipt = receipts[i];
                results[i] = ApplyToParts(context, receipt, updateMessage: true);
                if (results[i] == ReceiptMatch.Unmatched)
                {
                    var keep = context.Command("""
                        INSERT INTO unmatched_receipts (carrier, carrier_message_id, status, error_code, received_at)
                        VALUES (@carrier, @carrierId, @status, @error, @at)
                        """);
                    keep.With("@carrier", receipt.Carrier);
                    keep.With("@carrierId", receipt.CarrierMessageId);
                    keep.With("@status", (int)receipt.Status);
                    keep.With("@error", receipt.ErrorCode);
                    keep.With("@at", receipt.ReceivedAt.ToUnixTimeMilliseconds());
                    keep.ExecuteNonQuery();
                }
            }
            return results;
        }, cancellationToken);

    private static ReceiptMatch ApplyToParts(WriteContext context, DeliveryReceipt receipt, bool updateMessage)
    {
        LockCarrierId(context, receipt.Carrier, receipt.CarrierMessageId);
        var find = context.Command("""
            SELECT p.message_rowid, p.part_no, p.status, m.parts
            FROM message_parts p JOIN messages m ON m.id = p.message_rowid
            WHERE p.carrier = @carrier AND p.carrier_message_id = @carrierId
            """);
        find.With("@carrier", receipt.Carrier);
        find.With("@carrierId", receipt.CarrierMessageId);
        var parts = new List<(long Row, int PartNo, MessageStatus Status, int PartCount)>(1);
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                parts.Add((reader.GetInt64(0), reader.GetInt32(1), (MessageStatus)reader.GetInt32(2), reader.GetInt32(3)));
            }
        }
        if (parts.Count == 0)
        {
            return ReceiptMatch.Unmatched;
        }
        var result = ReceiptMatch.AlreadyApplied;
        foreach (var (row, partNo, status, partCount) in parts)
        {
            if (status == receipt.Status || status.IsFinal())
            {
                continue;
            }
            var update = context.Command("UPDATE message_parts SET status = @status, error_code = @error, updated_at = @at WHERE message_rowid = @row AND part_no = @partNo");
            update.With("@status", (int)receipt.Status);
            update.With("@error", receipt.ErrorCode);
            update.With("@at", receipt.ReceivedAt.ToUnixTimeMilliseconds());
            update.With("@row", row);
            update.With("@partNo", partNo);
            update.ExecuteNonQuery();
            if (updateMessage && partCount == 1)
            {
                SetMessageStatus(context, row, receipt.Status, receipt.ErrorCode, receipt.ReceivedAt);
            }
            else if (updateMessage)
            {
                UpdateMessageFromParts(context, row, receipt.ReceivedAt);
            }
            result = ReceiptMatch.Applied;
        }
        return result;
    }

    /// <summary>A long message is delivered only when every part is; the first failed part decides a failure.</summary>
    private static void UpdateMessageFromParts(WriteContext context, long rowId, DateTimeOffset at)
    {
        var select = context.Command("SELECT status, error_code FROM message_parts WHERE message_rowid = @row ORDER BY part_no");
        select.With("@row", rowId);
        var statuses = new List<(MessageStatus Status, string? Error)>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                statuses.Add(((MessageStatus)reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }
        var (status, error) = MessagePartStatus.Combine(statuses);
        SetMessageStatus(context, rowId, status, error, at);
    }

    /// <summary>Moves a submitted message to a receipt's status; a final status is never moved again.</summary>
    private static void SetMessageStatus(WriteContext context, long rowId, MessageStatus status, string? error, DateTimeOffset at)
    {
        var update = WebhookOutbox.StatusUpdate(context, """
            UPDATE messages SET status = @status, status_at = @at, status_detail = @detail
            WHERE id = @row AND status <> @status AND status IN (@submitted, @buffered, @unknown)
            """);
        update.With("@status", (int)status);
        update.With("@at", at.ToUnixTimeMilliseconds());
        update.With("@detail", error);
        update.With("@row", rowId);
        update.With("@submitted", (int)MessageStatus.Submitted);
        update.With("@buffered", (int)MessageStatus.Buffered);
        update.With("@unknown", (int)MessageStatus.Unknown);
        WebhookOutbox.RunStatusUpdate(context, update, rowId, at);
    }
}
