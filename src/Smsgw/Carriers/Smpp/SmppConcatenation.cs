namespace Smsgw.Carriers.Smpp;

/// <summary>How the parts of a long message are tied together (3GPP TS 23.040 §9.2.3.24.1, SMPP 3.4 §5.3.2.22–24, §5.3.2.32).</summary>
public enum SmppConcatenation
{
    /// <summary>UDH with IEI 0x00 (8-bit reference).</summary>
    Udh8,
    /// <summary>UDH with IEI 0x08 (16-bit reference).</summary>
    Udh16,
    /// <summary><c>sar_msg_ref_num</c>, <c>sar_total_segments</c>, <c>sar_segment_seqnum</c> TLVs; no UDH.</summary>
    Sar,
    /// <summary>
    /// The whole text in one <c>submit_sm</c>'s <c>message_payload</c> TLV, <c>short_message</c> empty; the SMSC splits it.
    /// A message that fits one part still goes in <c>short_message</c>.
    /// </summary>
    MessagePayload,
}
