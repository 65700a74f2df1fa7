using Microsoft.Extensions.Logging;
using Smsgw.Hosting;

namespace Smsgw.Carriers.Smpp;

internal static partial class SmppCarrierLog
{
    [LoggerMessage(EventIds.Carriers + 101, LogLevel.Information, "SMPP {Carrier}: session {Session} bound to {Host}:{Port} as {SystemId} ({Mode})")]
    public static partial void Bound(ILogger logger, string carrier, int session, string host, int port, string systemId, string mode);

    [LoggerMessage(EventIds.Carriers + 102, LogLevel.Warning, "SMPP {Carrier}: session {Session} bind refused with {Status}; retrying in {Delay}")]
    public static partial void BindRefused(ILogger logger, string carrier, int session, string status, TimeSpan delay);

    [LoggerMessage(EventIds.Carriers + 103, LogLevel.Warning, "SMPP {Carrier}: session {Session} connection failed ({Reason}); retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string carrier, int session, string reason, TimeSpan delay);

    [LoggerMessage(EventIds.Carriers + 104, LogLevel.Warning, "SMPP {Carrier}: session {Session} closed ({Reason}); reconnecting in {Delay}")]
    public static partial void Dropped(ILogger logger, string carrier, int session, string reason, TimeSpan delay);

    [LoggerMessage(EventIds.Carriers + 105, LogLevel.Information, "SMPP {Carrier}: message {MessageId} throttled ({Status}); holding the connection")]
    public static partial void Throttled(ILogger logger, string carrier, string messageId, string status);

    [LoggerMessage(EventIds.Carriers + 111, LogLevel.Information, "SMPP {Carrier}: throttled while sending at ~{From:F0} submits/s; paced to {Rate:F0}/s, 2 % faster for each second sent at that pace unthrottled")]
    public static partial void Paced(ILogger logger, string carrier, double from, double rate);

    [LoggerMessage(EventIds.Carriers + 106, LogLevel.Warning, "SMPP {Carrier}: part {Part} of message {MessageId} refused with {Status}")]
    public static partial void SubmitRefused(ILogger logger, string carrier, string messageId, int part, string status);

    [LoggerMessage(EventIds.Carriers + 107, LogLevel.Warning, "SMPP {Carrier}: part {Part} of message {MessageId} got no submit_sm_resp ({Reason}); the message will be sent again")]
    public static partial void SubmitUnanswered(ILogger logger, string carrier, string messageId, int part, string reason);

    [LoggerMessage(EventIds.Carriers + 108, LogLevel.Warning, "SMPP {Carrier}: receipt without a message id (stat {Stat}); acknowledged and dropped")]
    public static partial void ReceiptWithoutId(ILogger logger, string carrier, string stat);

    [LoggerMessage(EventIds.Carriers + 109, LogLevel.Warning, "SMPP {Carrier}: inbound message to {Destination}, a number no account owns; refused with ESME_RINVDSTADR")]
    public static partial void InboundNoOwner(ILogger logger, string carrier, string destination);

    [LoggerMessage(EventIds.Carriers + 110, LogLevel.Warning, "SMPP {Carrier}: inbound message refused: {Reason}")]
    public static partial void InboundInvalid(ILogger logger, string carrier, string reason);
}
