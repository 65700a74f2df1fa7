using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// What the gateway reads of a received <c>deliver_sm</c> or <c>data_sm</c>: both carry a receipt or a mobile-originated
/// message with the same meaning of <c>esm_class</c>, <c>data_coding</c> and TLVs; only the layout differs.
/// </summary>
/// <param name="SourceAddr"><c>source_addr</c>.</param>
/// <param name="DestinationAddr"><c>destination_addr</c>.</param>
/// <param name="EsmClass"><c>esm_class</c>.</param>
/// <param name="DataCoding"><c>data_coding</c>.</param>
/// <param name="ShortMessage"><c>short_message</c>; empty for <c>data_sm</c>, which has none.</param>
/// <param name="Tlvs">The optional parameters.</param>
/// <param name="SequenceNumber">The header's <c>sequence_number</c>: the request's identity within its session.</param>
internal readonly record struct SmppReceivedMessage(
    string SourceAddr,
    string DestinationAddr,
    byte EsmClass,
    byte DataCoding,
    ReadOnlyMemory<byte> ShortMessage,
    IReadOnlyList<Tlv> Tlvs,
    uint SequenceNumber)
{
    public static SmppReceivedMessage From(DeliverSm pdu) =>
        new(pdu.SourceAddr, pdu.DestinationAddr, pdu.EsmClass, pdu.DataCoding, pdu.ShortMessage, pdu.Tlvs, pdu.SequenceNumber);

    /// <summary>A <c>data_sm</c> (SMPP 3.4 §4.7.1): its content is the <c>message_payload</c> TLV.</summary>
    public static SmppReceivedMessage From(DataSm pdu) =>
        new(pdu.SourceAddr, pdu.DestinationAddr, pdu.EsmClass, pdu.DataCoding, ReadOnlyMemory<byte>.Empty, pdu.Tlvs, pdu.SequenceNumber);
}
