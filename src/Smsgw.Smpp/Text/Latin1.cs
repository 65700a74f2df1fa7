using System.Text;

namespace Smsgw.Smpp.Text;

/// <summary>ISO-8859-1 (SMPP <c>data_coding</c> 3), one octet per character, for carriers that ask for it.</summary>
public static class Latin1
{
    /// <summary>Whether every character of <paramref name="text"/> is in ISO-8859-1 (U+0000..U+00FF).</summary>
    /// <param name="text">The text to check.</param>
    /// <returns><see langword="true"/> when the text can be sent as Latin-1.</returns>
    public static bool CanEncode(ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('\0', '\u00FF');

    /// <summary>Encodes text as ISO-8859-1, one byte per character.</summary>
    /// <param name="text">The text to encode.</param>
    /// <param name="destination">Receives <c>text.Length</c> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">
    /// A character is above U+00FF, or <paramref name="destination"/> is too short.
    /// </exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        // Encoding.Latin1 would silently turn such a character into '?'; a message must not change.
        var outside = text.IndexOfAnyExceptInRange('\0', '\u00FF');
        if (outside >= 0)
        {
            throw new ArgumentException($"U+{(int)text[outside]:X4} at index {outside} is not in ISO-8859-1.", nameof(text));
        }

        if (destination.Length < text.Length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        return Encoding.Latin1.GetBytes(text, destination);
    }

    /// <summary>Decodes ISO-8859-1 bytes to text; every byte value is a character.</summary>
    /// <param name="bytes">The encoded bytes.</param>
    /// <returns>The text.</returns>
    public static string Decode(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
