using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Text;

namespace Smsgw.Carriers.Smpp;

/// <summary>The text of a received <c>deliver_sm</c> or <c>data_sm</c> and, for a part of a long message, which part (UDH or SAR TLVs).</summary>
internal readonly record struct SmppShortMessage(string Text, Concatenation? Part)
{
    /// <summary>
    /// A receipt: <c>esm_class</c> message type bits (SMPP 3.4 §5.2.12) 0x04 SMSC delivery receipt or 0x20 intermediate
    /// notification, or a <c>receipted_message_id</c> / <c>message_state</c> TLV (§5.3.2.12, §5.3.2.35), which only
    /// receipts carry; some SMSCs send a <c>data_sm</c> receipt with those TLVs and <c>esm_class</c> 0.
    /// </summary>
    public static bool IsReceipt(SmppReceivedMessage pdu) =>
        (pdu.EsmClass & 0x24) != 0
        || Tlv.TryFind(pdu.Tlvs, TlvTag.ReceiptedMessageId, out _)
        || Tlv.TryFind(pdu.Tlvs, TlvTag.MessageState, out _);

    /// <summary><c>message_payload</c> when present, else <c>short_message</c> (SMPP 3.4 §5.3.2.32).</summary>
    public static ReadOnlyMemory<byte> Payload(SmppReceivedMessage pdu) =>
        Tlv.TryFind(pdu.Tlvs, TlvTag.MessagePayload, out var payload) ? payload.Value : pdu.ShortMessage;

    /// <summary>Decodes by <c>data_coding</c> (SMPP 3.4 §5.2.19): 0 GSM 03.38 unpacked, 1 (IA5/ASCII) and 3 Latin-1, 8 UCS-2, 0xF0–0xFF by their alphabet bit; other 8-bit codings as Latin-1.</summary>
    public static SmppShortMessage Decode(SmppReceivedMessage pdu)
    {
        var payload = Payload(pdu).Span;
        Concatenation? part = null;
        if ((pdu.EsmClass & SmppSubmitBuilder.UdhIndicator) != 0 && payload.Length > 0 && payload[0] + 1 <= payload.Length)
        {
            if (Udh.TryReadConcatenation(payload, out var concatenation))
            {
                part = concatenation;
            }
            payload = payload[(payload[0] + 1)..];
        }
        if (part is null && Tlv.TryFind(pdu.Tlvs, TlvTag.SarMsgRefNum, out var reference)
            && Tlv.TryFind(pdu.Tlvs, TlvTag.SarTotalSegments, out var total)
            && Tlv.TryFind(pdu.Tlvs, TlvTag.SarSegmentSeqnum, out var sequence)
            && reference.Value.Length == 2 && total.Value.Length == 1 && sequence.Value.Length == 1)
        {
            var (t, s) = (total.GetByte(), sequence.GetByte());
            if (t > 0 && s > 0 && s <= t)
            {
                part = new Concatenation(ConcatenationReference.SixteenBit, reference.GetUInt16(), t, s);
            }
        }
        var text = pdu.DataCoding switch
        {
            0 => Gsm7.Decode(payload),
            8 => Ucs2.Decode(payload),
            >= 0xF0 when (pdu.DataCoding & 0x04) == 0 => Gsm7.Decode(payload),
            _ => Latin1.Decode(payload),
        };
        return new SmppShortMessage(text, part is { Total: > 1 } ? part : null);
    }
}
