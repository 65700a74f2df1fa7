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
    /// <summary>A redelivered <c>deliver_sm</c> has no id of its own: the same content in the same window is one message.</summary>
    private static readonly TimeSpan RedeliveryWindow = TimeSpan.FromMinutes(5);

    public ValueTask<CommandStatus> HandleAsync(DeliverSm pdu, CancellationToken cancellationToken) =>
        HandleAsync(SmppReceivedMessage.From(pdu), cancellationToken);

    /// <summary>A <c>data_sm</c> is taken like a <c>deliver_sm</c>: receipt or MO, its content in <c>message_payload</c>.</summary>
    public ValueTask<CommandStatus> HandleDataSmAsync(DataSm pdu, CancellationToken cancellationToken) =>
        HandleAsync(SmppReceivedMessage.From(pdu), cancellationToken);

    private async ValueTask<CommandStatus> HandleAsync(SmppReceivedMessage pdu, CancellationToken cancellationToken)
    {
        if (SmppShortMessage.IsReceipt(pdu))
        {
            await ApplyReceiptAsync(pdu, cancellationToken).ConfigureAwait(false);
            return CommandStatus.Ok;
        }
        return await ReceiveAsync(pdu, cancellationToken).ConfigureAwait(false);
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

    private async Task<CommandStatus> ReceiveAsync(SmppReceivedMessage pdu, CancellationToken cancellationToken)
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
        var result = await inbound.ReceiveAsync(new InboundSubmission(owner, from, to, message.Text, [], ExternalId(pdu, from, to, now)), cancellationToken).ConfigureAwait(false);
        if (result is InboundReceiveResult.Invalid invalid)
        {
            SmppCarrierLog.InboundInvalid(logger, options.Name, invalid.Reason);
            return CommandStatus.SystemError;
        }
        return CommandStatus.Ok;
    }

    /// <summary>
    /// The carrier, a hash of what the PDU says and the time window it came in: a <c>deliver_sm</c> (or <c>data_sm</c>) sent again because
    /// our response was lost is stored once. The same text from the same number twice in one window is also one message.
    /// </summary>
    private string ExternalId(SmppReceivedMessage pdu, string from, string to, DateTimeOffset now)
    {
        var payload = SmppShortMessage.Payload(pdu).Span;
        var content = new byte[payload.Length + 2];
        content[0] = pdu.DataCoding;
        content[1] = pdu.EsmClass;
        payload.CopyTo(content.AsSpan(2));
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes($"{from}\0{to}\0"), .. content]);
        var window = now.ToUnixTimeMilliseconds() / (long)RedeliveryWindow.TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture, $"{options.Name}:{Convert.ToHexStringLower(digest.AsSpan(0, 16))}:{window}");
    }
}
