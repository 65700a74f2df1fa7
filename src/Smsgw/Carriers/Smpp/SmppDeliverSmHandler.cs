using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Smsgw.Inbound;
using Smsgw.Messages;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Receipts;
using Smsgw.Storage;
using DeliveryReceipt = Smsgw.Storage.DeliveryReceipt;
using SmppReceipt = Smsgw.Smpp.Receipts.DeliveryReceipt;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// What a connection does with a <c>deliver_sm</c> or a <c>data_sm</c>: a receipt is applied, an inbound message (or
/// part) is stored, and only then is the <c>deliver_sm_resp</c> / <c>data_sm_resp</c> written (the session awaits this
/// handler first). A failure throws, which answers <c>ESME_RSYSERR</c>, so the SMSC delivers it again.
/// </summary>
internal sealed class SmppDeliverSmHandler(
    SmppConnectionOptions options,
    DeliveryReceiptProcessor receipts,
    InboundMessageReceiver inbound,
    InboundPartAssembler assembler,
    INumberStore numbers,
    PhoneNumberNormalizer phoneNumbers,
    TimeProvider timeProvider,
    ILogger<SmppDeliverSmHandler> logger)
{
    /// <summary>A fresh name for one bound session, unique across restarts and nodes, for <see cref="HandleAsync"/>.</summary>
    public static string NewSessionKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <param name="pdu">The PDU.</param>
    /// <param name="sessionKey">The <see cref="NewSessionKey"/> of the session it came on.</param>
    /// <param name="cancellationToken">Cancelled when the session closes.</param>
    public ValueTask<CommandStatus> HandleAsync(DeliverSm pdu, string sessionKey, CancellationToken cancellationToken) =>
        HandleAsync(SmppReceivedMessage.From(pdu), sessionKey, cancellationToken);

    /// <summary>A <c>data_sm</c> is taken like a <c>deliver_sm</c>: receipt or MO, its content in <c>message_payload</c>.</summary>
    public ValueTask<CommandStatus> HandleDataSmAsync(DataSm pdu, string sessionKey, CancellationToken cancellationToken) =>
        HandleAsync(SmppReceivedMessage.From(pdu), sessionKey, cancellationToken);

    private async ValueTask<CommandStatus> HandleAsync(SmppReceivedMessage pdu, string sessionKey, CancellationToken cancellationToken)
    {
        if (SmppShortMessage.IsReceipt(pdu))
        {
            await ApplyReceiptAsync(pdu, cancellationToken).ConfigureAwait(false);
            return CommandStatus.Ok;
        }
        return await ReceiveAsync(pdu, sessionKey, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyReceiptAsync(SmppReceivedMessage pdu, CancellationToken cancellationToken)
    {
        SmppReceipt.TryParse(Encoding.Latin1.GetString(SmppShortMessage.Payload(pdu).Span), out var text);
        string? id = null;
        if (Tlv.TryFind(pdu.Tlvs, TlvTag.ReceiptedMessageId, out var receiptedId) && receiptedId.GetCString() is { Length: > 0 } tlvId)
        {
            // receipted_message_id carries the id as submit_sm_resp gave it (SMPP 3.4 §5.3.2.12).
            id = SmppMessageIds.Canonical(tlvId, options.MessageIdFormat, options.MessageIdFormat);
        }
        else if (text is { Id.Length: > 0 })
        {
            id = SmppMessageIds.Canonical(text.Id, options.ReceiptIdFormat ?? options.MessageIdFormat, options.MessageIdFormat);
        }
        var state = Tlv.TryFind(pdu.Tlvs, TlvTag.MessageState, out var stateTlv) && stateTlv.Value.Length == 1 && stateTlv.GetByte() != 0
            ? (MessageState)stateTlv.GetByte()
            : text?.State ?? MessageState.None;
        if (string.IsNullOrEmpty(id))
        {
            // Kept and counted like any receipt that matches nothing, under an id no part can have.
            SmppCarrierLog.ReceiptWithoutId(logger, options.Name, text?.Stat ?? "");
            id = "(no id)";
        }
        var error = text is { Error.Length: > 0 } ? text.Error : null;
        await receipts.ApplyAsync([new DeliveryReceipt(options.Name, id, ToStatus(state), error, timeProvider.GetUtcNow())], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>SMPP 3.4 §5.2.28 states as Smstools statuses (reference §6.2).</summary>
    public static MessageStatus ToStatus(MessageState state) => state switch
    {
        MessageState.Delivered => MessageStatus.Delivered,
        MessageState.Undeliverable or MessageState.Expired or MessageState.Deleted => MessageStatus.NotDelivered,
        MessageState.Rejected => MessageStatus.Rejected,
        MessageState.Accepted or MessageState.Enroute => MessageStatus.Buffered,
        _ => MessageStatus.Unknown,
    };

    private async Task<CommandStatus> ReceiveAsync(SmppReceivedMessage pdu, string sessionKey, CancellationToken cancellationToken)
    {
        var from = phoneNumbers.TryNormalize(pdu.SourceAddr, out var sender) ? sender : pdu.SourceAddr.Trim();
        var to = phoneNumbers.TryNormalize(pdu.DestinationAddr, out var receiver) ? receiver : pdu.DestinationAddr.Trim();
        if (await numbers.FindOwnerAsync(to, cancellationToken).ConfigureAwait(false) is not { } owner)
        {
            SmppCarrierLog.InboundNoOwner(logger, options.Name, to);
            return CommandStatus.InvalidDestinationAddress;
        }
        var message = SmppShortMessage.Decode(pdu);
        var now = timeProvider.GetUtcNow();
        if (message.Part is { } part)
        {
            await assembler.AddAsync(new InboundPart(options.Name, from, to, part.Reference, part.Total, part.Sequence, owner, message.Text, now), cancellationToken).ConfigureAwait(false);
            return CommandStatus.Ok;
        }
        var result = await inbound.ReceiveAsync(new InboundSubmission(owner, from, to, message.Text, [], ExternalId(pdu, sessionKey, from, to)), cancellationToken).ConfigureAwait(false);
        if (result is InboundReceiveResult.Invalid invalid)
        {
            SmppCarrierLog.InboundInvalid(logger, options.Name, invalid.Reason);
            return CommandStatus.SystemError;
        }
        return CommandStatus.Ok;
    }

    /// <summary>
    /// What makes a redelivery of this MO the same message, never its text or its time alone. An SMSC sends a
    /// <c>deliver_sm</c> again only when our <c>deliver_sm_resp</c> did not reach it, and SMPP 3.4 gives an MO no id of
    /// its own, so a redelivery is only knowable (1) by the id an SMSC puts in a vendor TLV
    /// (<see cref="SmppConnectionOptions.MoMessageIdTlv"/>), on any session; else (2) as the same request again: the same
    /// PDU on the same session under the same <c>sequence_number</c>, which identifies a request until it is answered
    /// (SMPP 3.4 §3.2). A user who sends the same text twice makes two requests, and both are stored. A redelivery
    /// without an id on a new session is stored again: at least once, as on the outbound side, rather than a time
    /// window that drops real repeats and still misses redeliveries that straddle it.
    /// </summary>
    private string ExternalId(SmppReceivedMessage pdu, string sessionKey, string from, string to)
    {
        if (options.MoMessageIdTlv is { } tag && Tlv.TryFind(pdu.Tlvs, tag, out var idTlv) && idTlv.Value.Length > 0)
        {
            // Raw octets: whatever form the SMSC writes its id in, the same id is the same key.
            return $"{options.Name}:id:{Convert.ToHexStringLower(idTlv.Value.Span)}";
        }
        var payload = SmppShortMessage.Payload(pdu).Span;
        var content = new byte[payload.Length + 2];
        content[0] = pdu.DataCoding;
        content[1] = pdu.EsmClass;
        payload.CopyTo(content.AsSpan(2));
        // The content too, so an SMSC that reuses sequence numbers within a session cannot merge two messages.
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{from}\0{to}\0"), .. content]);
        return string.Create(CultureInfo.InvariantCulture, $"{options.Name}:seq:{sessionKey}:{pdu.SequenceNumber}:{Convert.ToHexStringLower(digest.AsSpan(0, 16))}");
    }
}
