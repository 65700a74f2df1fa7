using Microsoft.Extensions.Logging;
using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Sessions;

/// <summary>
/// Every log line of the SMPP sessions. Event ids 9000–9099 belong to Smsgw.Smpp. Ids and states only: no
/// passwords, no message text.
/// </summary>
internal static partial class SmppLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Debug, Message = "SMPP session {SessionId} ({Role}): {OldState} -> {NewState}")]
    public static partial void StateChanged(this ILogger logger, long sessionId, SmppSessionRole role, SmppSessionState oldState, SmppSessionState newState);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "SMPP session {SessionId} ({Role}) closed: {Reason}")]
    public static partial void SessionClosed(this ILogger logger, long sessionId, SmppSessionRole role, string reason);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "SMPP session {SessionId}: malformed {CommandId} (sequence {SequenceNumber}) answered with {Status}: {Detail}")]
    public static partial void MalformedPdu(this ILogger logger, long sessionId, CommandId? commandId, uint? sequenceNumber, CommandStatus status, string detail);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "SMPP session {SessionId}: command_length lost framing; answering generic_nack ESME_RINVCMDLEN and closing")]
    public static partial void FramingLost(this ILogger logger, long sessionId);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Debug, Message = "SMPP session {SessionId}: {CommandId} (sequence {SequenceNumber}) not accepted in state {State}, answered with {Status}")]
    public static partial void RejectedInState(this ILogger logger, long sessionId, CommandId commandId, uint sequenceNumber, SmppSessionState state, CommandStatus status);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Debug, Message = "SMPP session {SessionId}: response {CommandId} (sequence {SequenceNumber}) matches no pending request")]
    public static partial void UnexpectedResponse(this ILogger logger, long sessionId, CommandId commandId, uint sequenceNumber);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Warning, Message = "SMPP session {SessionId}: request {CommandId} (sequence {SequenceNumber}) timed out")]
    public static partial void ResponseTimedOut(this ILogger logger, long sessionId, CommandId commandId, uint sequenceNumber);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Error, Message = "SMPP session {SessionId}: handler for {CommandId} (sequence {SequenceNumber}) failed; answered ESME_RSYSERR")]
    public static partial void HandlerFailed(this ILogger logger, long sessionId, CommandId commandId, uint sequenceNumber, Exception exception);

    [LoggerMessage(EventId = 9008, Level = LogLevel.Error, Message = "SMPP session {SessionId}: unexpected error in the {Loop} loop")]
    public static partial void LoopFailed(this ILogger logger, long sessionId, string loop, Exception exception);

    [LoggerMessage(EventId = 9009, Level = LogLevel.Trace, Message = "SMPP session {SessionId}: received {CommandId} (sequence {SequenceNumber}, status {Status})")]
    public static partial void Received(this ILogger logger, long sessionId, CommandId commandId, uint sequenceNumber, CommandStatus status);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Trace, Message = "SMPP session {SessionId}: sent {CommandId} (sequence {SequenceNumber}, status {Status})")]
    public static partial void Sent(this ILogger logger, long sessionId, CommandId commandId, uint sequenceNumber, CommandStatus status);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "SMPP session {SessionId}: {SystemId} bound as {Mode}")]
    public static partial void Bound(this ILogger logger, long sessionId, string systemId, SmppBindMode mode);

    [LoggerMessage(EventId = 9012, Level = LogLevel.Warning, Message = "SMPP session {SessionId}: bind of {SystemId} refused with {Status}")]
    public static partial void BindRefused(this ILogger logger, long sessionId, string systemId, CommandStatus status);

    [LoggerMessage(EventId = 9013, Level = LogLevel.Warning, Message = "SMPP server: accepting a connection failed")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9014, Level = LogLevel.Error, Message = "SMPP session {SessionId}: the session-bound callback failed")]
    public static partial void SessionBoundFailed(this ILogger logger, long sessionId, Exception exception);

    [LoggerMessage(EventId = 9015, Level = LogLevel.Debug, Message = "SMPP session {SessionId}: received {CommandId}, which this end does not act on")]
    public static partial void Ignored(this ILogger logger, long sessionId, CommandId commandId);
}
