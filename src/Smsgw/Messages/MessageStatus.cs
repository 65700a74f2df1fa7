namespace Smsgw.Messages;

/// <summary>Where a message stands. Stored as its number: never renumber.</summary>
internal enum MessageStatus
{
    /// <summary>Accepted and durable; waiting for its due time and a dispatcher.</summary>
    Queued = 0,
    /// <summary>Leased by a dispatcher that is handing it to a carrier.</summary>
    Submitting = 1,
    /// <summary>The carrier accepted it; no final receipt yet.</summary>
    Submitted = 2,
    Buffered = 3,
    Delivered = 4,
    NotDelivered = 5,
    Rejected = 6,
    /// <summary>Its validity ran out before a carrier took it: never sent.</summary>
    Expired = 7,
    /// <summary>Cancelled by the account before any carrier took it: never sent.</summary>
    Cancelled = 8,
    Unknown = 9,
    /// <summary>An inbound message.</summary>
    Received = 10,
}

internal static class MessageStatusExtensions
{
    public static bool IsFinal(this MessageStatus status) => status is MessageStatus.Delivered or MessageStatus.NotDelivered
        or MessageStatus.Rejected or MessageStatus.Expired or MessageStatus.Cancelled or MessageStatus.Received;

    /// <summary>The Smstools REST name (reference decision 9): queued and scheduled messages report SUBMITTED.</summary>
    public static string ToWireName(this MessageStatus status) => status switch
    {
        MessageStatus.Queued or MessageStatus.Submitting or MessageStatus.Submitted => "SUBMITTED",
        MessageStatus.Buffered => "BUFFERED",
        MessageStatus.Delivered or MessageStatus.Received => "DELIVERED",
        MessageStatus.NotDelivered or MessageStatus.Expired => "NOT DELIVERED",
        MessageStatus.Rejected => "REJECTED",
        MessageStatus.Cancelled => "CANCELLED",
        _ => "UNKNOWN",
    };

    /// <summary>The Smstools numeric <c>delivery_code</c> (reference §6.2).</summary>
    public static int ToDeliveryCode(this MessageStatus status) => status switch
    {
        MessageStatus.Queued or MessageStatus.Submitting or MessageStatus.Submitted => 0,
        MessageStatus.Delivered or MessageStatus.Received => 1,
        MessageStatus.NotDelivered or MessageStatus.Expired or MessageStatus.Cancelled => 2,
        MessageStatus.Buffered => 3,
        MessageStatus.Rejected => 4,
        _ => 9,
    };
}
