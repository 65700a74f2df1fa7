using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Sessions;

/// <summary>The outcome of a <c>submit_sm</c> on the SMSC side: a message id, or an error status.</summary>
/// <param name="CommandStatus">The status of <c>submit_sm_resp</c>.</param>
/// <param name="MessageId">The message id when accepted (max 64 characters); empty otherwise.</param>
public readonly record struct SubmitSmResult(CommandStatus CommandStatus, string MessageId)
{
    /// <summary>Accepted with <paramref name="messageId"/>.</summary>
    /// <param name="messageId">The id the ESME will see in receipts.</param>
    /// <returns>The result.</returns>
    public static SubmitSmResult Accepted(string messageId) => new(CommandStatus.Ok, messageId);

    /// <summary>Refused with <paramref name="status"/>.</summary>
    /// <param name="status">A non-zero status, e.g. <see cref="CommandStatus.Throttled"/>.</param>
    /// <returns>The result.</returns>
    public static SubmitSmResult Rejected(CommandStatus status) => new(status, string.Empty);
}
