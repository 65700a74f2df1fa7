using Smsgw.Accounts;
using Smsgw.Messages;
using Smsgw.Smpp.Text;

namespace Smsgw.Storage;

/// <summary>An outbound message validated and ready to be stored.</summary>
internal sealed record NewOutboundMessage(
    string MessageId,
    string Receiver,
    string Sender,
    string Body,
    string? Reference,
    string? SubId,
    SmsEncoding Encoding,
    int Parts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset DueAt,
    DateTimeOffset ValidUntil);

/// <summary>The stored answer of an earlier request carrying the same Idempotency-Key.</summary>
internal sealed record IdempotencyRecord(string Key, byte[] RequestHash, string Response, DateTimeOffset CreatedAt, DateTimeOffset NotBefore);

internal abstract record AcceptResult
{
    public sealed record Stored : AcceptResult;
    public sealed record Replayed(string Response) : AcceptResult;
    public sealed record KeyConflict : AcceptResult;
}

/// <summary>A message a dispatcher holds a lease on.</summary>
internal sealed record LeasedMessage(
    long RowId,
    AccountId AccountId,
    string MessageId,
    string Receiver,
    string Sender,
    string Body,
    SmsEncoding Encoding,
    int Parts,
    DateTimeOffset ValidUntil,
    int Attempts,
    /// <summary>Set when an earlier lease ended without a recorded outcome: the carrier may already have it.</summary>
    bool InDoubt)
{
    /// <summary>The reference every attempt of a long message gives its parts (3GPP TS 23.040 §9.2.3.24.1), so parts
    /// sent again join the ones already delivered; a carrier keeps as many low bits as its scheme holds.</summary>
    public int ConcatenationReference { get; init; }

    /// <summary>Parts a carrier took in earlier attempts (recorded as each was acknowledged), not to be sent again.</summary>
    public IReadOnlyList<SubmittedPart> SubmittedParts { get; init; } = [];
}

/// <summary>One part a carrier acknowledged, under its id for that part.</summary>
internal sealed record SubmittedPart(int PartNo, string Carrier, string CarrierMessageId);

/// <summary>
/// What became of a leased message. <see cref="Attempt"/> is the lease's attempt number: an outcome applies only
/// while that lease is the message's latest, so a dispatcher whose lease expired under it changes nothing.
/// </summary>
internal abstract record DispatchOutcome(long RowId, int Attempt)
{
    /// <summary>The carrier took it; one carrier id per part.</summary>
    public sealed record Submitted(long RowId, int Attempt, string Carrier, IReadOnlyList<string> CarrierMessageIds) : DispatchOutcome(RowId, Attempt)
    {
        /// <summary>An earlier attempt recorded some of its parts (<see cref="LeasedMessage.SubmittedParts"/>).</summary>
        public bool PartsRecordedBefore { get; init; }
    }
    /// <summary>The carrier refused it for good, or it expired.</summary>
    public sealed record Failed(long RowId, int Attempt, string? Carrier, MessageStatus Status, string Detail) : DispatchOutcome(RowId, Attempt);
    /// <summary>Try again later (carrier unavailable, throttled). <paramref name="InDoubt"/> keeps a message the
    /// carrier may already have marked so, so the next attempt resolves it rather than sending it again.</summary>
    public sealed record Retry(long RowId, int Attempt, DateTimeOffset DueAt, string Detail, bool InDoubt) : DispatchOutcome(RowId, Attempt);
}

/// <summary>A delivery receipt as a carrier reports it, for one part.</summary>
internal sealed record DeliveryReceipt(string Carrier, string CarrierMessageId, MessageStatus Status, string? ErrorCode, DateTimeOffset ReceivedAt);

internal enum ReceiptMatch
{
    Applied,
    /// <summary>Matched a part that already had this or a final status: nothing changed (receipts may come twice).</summary>
    AlreadyApplied,
    /// <summary>No part and no one-submit message has that carrier id (yet): kept in unmatched_receipts.</summary>
    Unmatched,
}

/// <summary>An MMS file already written to disk, to be recorded with its inbound message.</summary>
internal sealed record NewMessageFile(string Token, string Name, string Mime, long Size, string Path);

internal sealed record NewInboundMessage(
    AccountId AccountId,
    string Sender,
    string Receiver,
    string Body,
    DateTimeOffset ReceivedAt,
    /// <summary>The carrier's id for the message, when it has one: a repeated delivery is stored once.</summary>
    string? ExternalId,
    IReadOnlyList<NewMessageFile> Files);

/// <summary>The inbound row, its number in the account's inbox, and whether this call stored it (false: a repeat).</summary>
internal sealed record InboundInsertResult(long RowId, long InboxId, bool Inserted);

internal sealed record StoredFile(string Token, string Name, string Mime, long Size, string Path);

internal sealed record StoredPart(int PartNo, string Carrier, string CarrierMessageId, MessageStatus Status, string? ErrorCode, DateTimeOffset UpdatedAt);

/// <summary>One message, either direction, as the read endpoints show it.</summary>
internal sealed record StoredMessage(
    long RowId,
    MessageDirection Direction,
    string? MessageId,
    string Peer,
    string Local,
    string Body,
    string? Reference,
    SmsEncoding Encoding,
    int Parts,
    DateTimeOffset CreatedAt,
    MessageStatus Status,
    DateTimeOffset StatusAt,
    string? StatusDetail,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? ValidUntil,
    string? Carrier,
    /// <summary>Its number in the account's inbox or history: per account, so it says nothing of other traffic.</summary>
    long ListSeq)
{
    public IReadOnlyList<StoredFile> Files { get; init; } = [];
}

internal sealed record MessagePage(long Total, IReadOnlyList<StoredMessage> Items);

internal enum CancelResult
{
    Cancelled,
    NotFound,
    /// <summary>Already with a carrier, or already final.</summary>
    TooLate,
}
