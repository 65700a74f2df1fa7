using Smsgw.Accounts;
using Smsgw.Messages;

namespace Smsgw.Storage;

/// <summary>Messages in both directions, their parts, files and the dispatcher's leases. One method is one transaction.</summary>
internal interface IMessageStore
{
    /// <summary>Stores every message of one send request durably, or replays the answer stored under its Idempotency-Key.</summary>
    Task<AcceptResult> InsertAcceptedAsync(AccountId accountId, IReadOnlyList<NewOutboundMessage> messages, IdempotencyRecord? idempotency, CancellationToken cancellationToken);

    /// <summary>Leases up to <paramref name="max"/> due messages (queued and due, or with an expired lease).</summary>
    Task<IReadOnlyList<LeasedMessage>> LeaseDueAsync(DateTimeOffset now, TimeSpan leaseDuration, int max, CancellationToken cancellationToken);

    /// <summary>The earliest instant some queued message falls due, or null when none waits.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Moves the end of these leases (message row, the attempt that leased it) to <paramref name="leaseUntil"/>, for
    /// messages still leased by that attempt: a batch that takes longer than its lease is not taken again meanwhile.
    /// </summary>
    Task RenewLeasesAsync(IReadOnlyList<(long RowId, int Attempt)> leases, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task RecordOutcomesAsync(IReadOnlyList<DispatchOutcome> outcomes, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records one part of a long message as soon as the carrier acknowledges it, before the message's outcome: a retry,
    /// or another dispatcher resolving it in doubt, then sends only the parts not yet taken.
    /// </summary>
    Task RecordPartSubmittedAsync(long rowId, SubmittedPart part, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends every lease at once: only for a single-node store at start, when no other dispatcher can hold one.</summary>
    Task<int> ReleaseAllLeasesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<ReceiptMatch>> ApplyDeliveryReceiptsAsync(IReadOnlyList<DeliveryReceipt> receipts, CancellationToken cancellationToken);

    Task<InboundInsertResult> InsertInboundAsync(NewInboundMessage message, CancellationToken cancellationToken);

    Task<MessagePage> GetConversationAsync(AccountId accountId, string peer, int page, int limit, CancellationToken cancellationToken);

    Task<MessagePage> GetListAsync(AccountId accountId, MessageDirection direction, int page, int limit, CancellationToken cancellationToken);

    Task<(StoredMessage Message, IReadOnlyList<StoredPart> Parts)?> GetOutboundAsync(AccountId accountId, string messageId, CancellationToken cancellationToken);

    Task<CancelResult> CancelAsync(AccountId accountId, string messageId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<StoredFile?> GetFileAsync(string token, CancellationToken cancellationToken);

    Task<long> CountUnmatchedReceiptsAsync(CancellationToken cancellationToken);

    Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
