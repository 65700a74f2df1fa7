using System.Buffers;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Codec;

/// <summary>Writes PDUs: the exact <c>command_length</c> first, then header and body into one span.</summary>
public static class SmppPduEncoder
{
    /// <summary>Writes <paramref name="pdu"/> into <paramref name="writer"/> (e.g. a <c>PipeWriter</c>) and advances it; does not flush.</summary>
    /// <param name="pdu">The PDU.</param>
    /// <param name="writer">The destination.</param>
    /// <returns>Octets written.</returns>
    /// <exception cref="ArgumentException">A field does not fit its spec maximum; nothing was advanced.</exception>
    public static int Encode(SmppPdu pdu, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        ArgumentNullException.ThrowIfNull(writer);
        var length = pdu.GetLength();
        var span = writer.GetSpan(length);
        pdu.WriteCore(span, length);
        writer.Advance(length);
        return length;
    }

    /// <summary>The PDU as a new array (tests, logs); sessions use <see cref="Encode"/>.</summary>
    /// <param name="pdu">The PDU.</param>
    /// <returns>The octets.</returns>
    public static byte[] ToArray(SmppPdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        var length = pdu.GetLength();
        var bytes = new byte[length];
        pdu.WriteCore(bytes, length);
        return bytes;
    }
}
