namespace Smsgw.Messages;

/// <summary>Why a send was refused; the API maps each to its Smstools error code.</summary>
internal enum SendRejection
{
    NoMessage,
    DestinationInvalid,
    SenderEmpty,
    SenderInvalid,
    MessageTooLong,
    DateInvalid,
    GroupNotFound,
    InvalidParameters,
    IdempotencyKeyReused,
}
