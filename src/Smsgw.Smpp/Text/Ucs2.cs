using System.Buffers.Binary;

namespace Smsgw.Smpp.Text;

/// <summary>
/// UCS-2 big-endian as carriers use it (SMPP <c>data_coding</c> 8, TS 23.038 §6.2.3): every UTF-16
/// code unit as two octets, so characters outside the BMP travel as their surrogate pair (UTF-16BE).
/// </summary>
/// <remarks>
/// Units are copied as they are, lone surrogates included, rather than through
/// <see cref="System.Text.Encoding.BigEndianUnicode"/>, which would replace them with U+FFFD: the
/// bytes on the wire and the string stay in a one-to-one round trip.
/// </remarks>
public static class Ucs2
{
    /// <summary>Bytes <paramref name="text"/> encodes to: two per UTF-16 code unit.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The byte count.</returns>
    public static int GetByteCount(ReadOnlySpan<char> text) => text.Length * 2;

    /// <summary>Encodes text as UCS-2 big-endian.</summary>
    /// <param name="text">The text to encode.</param>
    /// <param name="destination">Receives <see cref="GetByteCount"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var length = GetByteCount(text);
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        for (var i = 0; i < text.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(i * 2)..], text[i]);
        }

        return length;
    }

    /// <summary>Decodes UCS-2 big-endian bytes to text.</summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <returns>The text, one char per pair of bytes.</returns>
    /// <remarks>
    /// A trailing odd byte cannot be half a character of anything and is dropped, so that a carrier's
    /// malformed body still yields the text it does carry.
    /// </remarks>
    public static string Decode(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length / 2, bytes, static (chars, source) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)BinaryPrimitives.ReadUInt16BigEndian(source[(i * 2)..]);
            }
        });
}
