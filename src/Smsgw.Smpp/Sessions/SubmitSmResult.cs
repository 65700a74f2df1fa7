using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Sessions;

/// <summary>The outcome of a <c>submit_sm</c> on the SMSC side: a message id, or an error status.</summary>
/// <param name="CommandStatus">The status of <c>submit_sm_resp</c>.</param>
/// <param name="MessageId">The message id when accepted (max 64 characters); empty otherwise.</param>
public readonly record struct SubmitSmResult(CommandStatus CommandStatus, string MessageId)
{
    /// <summary>Answer with <c>generic_nack</c> carrying <see cref="CommandStatus"/> instead of <c>submit_sm_resp</c>.</summary>
    public bool IsGenericNack { get; init; }

    /// <summary>Accepted with <paramref name="messageId"/>.</summary>
    /// <param name="messageId">The id the ESME will see in receipts.</param>
    /// <returns>The result.</returns>
    public static SubmitSmResult Accepted(string messageId) => new(CommandStatus.Ok, messageId);

    /// <summary>Refused with <paramref name="status"/>.</summary>
    /// <param name="status">A non-zero status, e.g. <see cref="CommandStatus.Throttled"/>.</param>
    /// <returns>The result.</returns>
    public static SubmitSmResult Rejected(CommandStatus status) => new(status, string.Empty);

    /// <summary>
    /// Not processed: answered with <c>generic_nack</c> (SMPP 3.4 §4.3.1), as some SMSCs answer a PDU they cannot
    /// handle; the status may be any, <see cref="CommandStatus.Ok"/> included.
    /// </summary>
    /// <param name="status">The nack's <c>command_status</c>.</param>
    /// <returns>The result.</returns>
    public static SubmitSmResult GenericNack(CommandStatus status) => new(status, string.Empty) { IsGenericNack = true };
}
