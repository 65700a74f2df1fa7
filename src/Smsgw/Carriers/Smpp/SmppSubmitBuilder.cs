using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Text;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// Turns one message into its <c>submit_sm</c> PDUs (SMPP 3.4 §4.4.1): one per part in part order, or with
/// <see cref="SmppConcatenation.MessagePayload"/> one holding the whole text.
/// </summary>
internal static class SmppSubmitBuilder
{
    /// <summary><c>esm_class</c> UDHI bit: <c>short_message</c> starts with a user data header (SMPP 3.4 §5.2.12).</summary>
    public const byte UdhIndicator = 0x40;

    /// <summary><c>registered_delivery</c> 1: an SMSC delivery receipt on final outcome (SMPP 3.4 §5.2.17).</summary>
    private const byte ReceiptRequested = 1;

    public static IReadOnlyList<SubmitSm> Build(CarrierSubmission submission, SmppConnectionOptions options, int reference)
    {
        var udhReference = options.TextProfile.Reference;
        // A message accepted as Latin-1 for a carrier that no longer takes it (routes or settings changed while it was
        // queued) goes as UCS-2: every Latin-1 character is one UCS-2 unit, and data_coding 3 would reach an SMSC that
        // does not expect it.
        var encoding = submission.Encoding == SmsEncoding.Latin1 && !options.PreferLatin1 ? SmsEncoding.Ucs2 : submission.Encoding;
        if (options.Concatenation == SmppConcatenation.MessagePayload && SmsText.Measure(submission.Body, encoding, udhReference).Parts > 1)
        {
            // SMPP 3.4 §5.3.2.32: short_message and message_payload are exclusive, so sm_length is 0.
            var whole = NewPdu(submission, encoding, options);
            whole.Tlvs = [new Tlv(TlvTag.MessagePayload, Encode(submission.Body, encoding, null))];
            return [whole];
        }
        var parts = SmsText.Segment(submission.Body, encoding, udhReference);
        var pdus = new SubmitSm[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var pdu = NewPdu(submission, encoding, options);
            var concatenation = parts.Count > 1 ? new Concatenation(udhReference, reference & (udhReference == ConcatenationReference.EightBit ? 0xFF : 0xFFFF), parts.Count, i + 1) : (Concatenation?)null;
            if (concatenation is { } c && options.Concatenation != SmppConcatenation.Sar)
            {
                pdu.EsmClass = UdhIndicator;
                pdu.ShortMessage = Encode(parts[i], encoding, c);
            }
            else
            {
                pdu.ShortMessage = Encode(parts[i], encoding, null);
                if (concatenation is { } sar)
                {
                    pdu.Tlvs =
                    [
                        Tlv.FromUInt16(TlvTag.SarMsgRefNum, (ushort)(reference & 0xFFFF)),
                        Tlv.FromByte(TlvTag.SarTotalSegments, (byte)sar.Total),
                        Tlv.FromByte(TlvTag.SarSegmentSeqnum, (byte)sar.Sequence),
                    ];
                }
            }
            pdus[i] = pdu;
        }
        return pdus;
    }

    /// <summary>A <c>submit_sm</c> with the addresses, receipt request and <c>data_coding</c> of the message, no text yet.</summary>
    private static SubmitSm NewPdu(CarrierSubmission submission, SmsEncoding encoding, SmppConnectionOptions options)
    {
        var (sourceTon, sourceNpi) = submission.Sender.All(char.IsAsciiDigit)
            ? (options.SourceTon, options.SourceNpi)
            : (options.AlphanumericSourceTon, options.AlphanumericSourceNpi);
        return new SubmitSm
        {
            SourceAddrTon = sourceTon,
            SourceAddrNpi = sourceNpi,
            SourceAddr = submission.Sender,
            DestAddrTon = options.DestTon,
            DestAddrNpi = options.DestNpi,
            DestinationAddr = submission.Receiver,
            RegisteredDelivery = ReceiptRequested,
            DataCoding = encoding switch
            {
                SmsEncoding.Ucs2 => (byte)8,
                SmsEncoding.Latin1 => (byte)3,
                _ => options.DefaultDataCoding,
            },
        };
    }

    /// <summary>The UDH (when given) then the text: GSM 03.38 unpacked (one septet per octet), UCS-2 big-endian or Latin-1.</summary>
    private static byte[] Encode(string text, SmsEncoding encoding, Concatenation? concatenation)
    {
        var udhLength = concatenation is { } c ? Udh.GetConcatenationLength(c.ReferenceSize) : 0;
        var textLength = encoding switch
        {
            SmsEncoding.Ucs2 => Ucs2.GetByteCount(text),
            SmsEncoding.Latin1 => text.Length,
            _ => Gsm7.TryCountSeptets(text, out var septets) ? septets : throw new ArgumentException("The text is not GSM 03.38.", nameof(text)),
        };
        var bytes = new byte[udhLength + textLength];
        if (concatenation is { } concat)
        {
            Udh.WriteConcatenation(bytes, concat);
        }
        var body = bytes.AsSpan(udhLength);
        _ = encoding switch
        {
            SmsEncoding.Ucs2 => Ucs2.Encode(text, body),
            SmsEncoding.Latin1 => Latin1.Encode(text, body),
            _ => Gsm7.Encode(text, body),
        };
        return bytes;
    }
}
