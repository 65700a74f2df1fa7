namespace Smsgw.Smpp.Receipts;

/// <summary>
/// <c>message_state</c> values (SMPP 3.4 §5.2.28), carried by <c>query_sm_resp</c> and the <c>message_state</c> TLV
/// of a delivery receipt.
/// </summary>
public enum MessageState : byte
{
    /// <summary>Not a state: the field is absent or zero.</summary>
    None = 0,

    /// <summary><c>ENROUTE</c> 1: in enroute state.</summary>
    Enroute = 1,

    /// <summary><c>DELIVERED</c> 2: delivered to destination.</summary>
    Delivered = 2,

    /// <summary><c>EXPIRED</c> 3: validity period expired.</summary>
    Expired = 3,

    /// <summary><c>DELETED</c> 4: deleted.</summary>
    Deleted = 4,

    /// <summary><c>UNDELIVERABLE</c> 5: undeliverable.</summary>
    Undeliverable = 5,

    /// <summary><c>ACCEPTED</c> 6: manually read on behalf of the subscriber by customer service.</summary>
    Accepted = 6,

    /// <summary><c>UNKNOWN</c> 7: in invalid state.</summary>
    Unknown = 7,

    /// <summary><c>REJECTED</c> 8: in rejected state.</summary>
    Rejected = 8,
}
