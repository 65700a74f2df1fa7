using System.Buffers;

namespace Smsgw.Smpp.Text;

/// <summary>
/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), with septet
/// packing (§6.1.2.1.1) and fill bits for text that follows a user data header (TS 23.040 §9.2.3.24).
/// </summary>
/// <remarks>
/// "Septets" here are unpacked: one 7-bit code per byte, escape pairs included. Nothing allocates per
/// character; <see cref="Decode"/> allocates only the resulting string.
/// </remarks>
public static class Gsm7
{
    /// <summary>The escape to the extension table, 0x1B (TS 23.038 §6.2.1.1).</summary>
    public const byte Escape = 0x1B;

    // TS 23.038 §6.2.1, read row by row (septet 0x00 is '@'). 0x1B is the escape, not a character:
    // it holds U+001B only so the string has 128 entries, and nothing encodes to it.
    private const string DefaultAlphabet =
        "@£$¥èéùìòÇ\nØø\rÅå" +         // 0x00
        "Δ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ" +      // 0x10
        " !\"#¤%&'()*+,-./" +          // 0x20
        "0123456789:;<=>?" +           // 0x30
        "¡ABCDEFGHIJKLMNO" +           // 0x40
        "PQRSTUVWXYZÄÖÑÜ§" +           // 0x50
        "¿abcdefghijklmno" +           // 0x60
        "pqrstuvwxyzäöñüà";            // 0x70

    // TS 23.038 §6.2.1.1: the characters reachable as 0x1B followed by the code. The table's other
    // entries (SS2 0x0B, CR2 0x0D, the reserved 0x1B) are controls with no character to send.
    private static readonly (byte Code, char Char)[] s_extensionTable =
    [
        (0x0A, '\f'),
        (0x14, '^'),
        (0x28, '{'),
        (0x29, '}'),
        (0x2F, '\\'),
        (0x3C, '['),
        (0x3D, '~'),
        (0x3E, ']'),
        (0x40, '|'),
        (0x65, '€'),
    ];

    // Char → septet for chars below U+0100, the only ones most text contains: a septet (< 0x80),
    // ExtensionFlag | code for extension characters, or NotEncodable. Greek capitals and '€' sit above
    // U+00FF and go through a switch instead, which keeps this table at 256 bytes.
    private const byte ExtensionFlag = 0x80;
    private const byte NotEncodable = 0xFF;
    private static readonly byte[] s_latinToSeptet = BuildLatinToSeptet();

    // Septet → char; the extension array holds '\0' where the table defines no character.
    private static readonly char[] s_extensionToChar = BuildExtensionToChar();

    // Every char that costs exactly one septet, so counting can skip runs of them vectorized.
    private static readonly SearchValues<char> s_singleSeptetChars =
        SearchValues.Create(DefaultAlphabet.Replace("\u001B", "", StringComparison.Ordinal));

    /// <summary>Whether every character of <paramref name="text"/> is in the default alphabet or its extension table.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns><see langword="true"/> when the text can be sent as GSM 7-bit.</returns>
    public static bool CanEncode(ReadOnlySpan<char> text) => TryCountSeptets(text, out _);

    /// <summary>Counts the septets <paramref name="text"/> encodes to; extension characters count two.</summary>
    /// <param name="text">The text to measure.</param>
    /// <param name="septets">The septet count, or 0 when the text cannot be encoded.</param>
    /// <returns><see langword="false"/> when a character is in neither table.</returns>
    public static bool TryCountSeptets(ReadOnlySpan<char> text, out int septets)
    {
        var count = 0;
        while (true)
        {
            var run = text.IndexOfAnyExcept(s_singleSeptetChars);
            if (run < 0)
            {
                septets = count + text.Length;
                return true;
            }

            var cost = SeptetCost(text[run]);
            if (cost == 0)
            {
                septets = 0;
                return false;
            }

            count += run + cost;
            text = text[(run + 1)..];
        }
    }

    /// <summary>
    /// Septets one character encodes to: 1 for the default alphabet, 2 for the extension table,
    /// 0 when it is in neither.
    /// </summary>
    /// <param name="c">The character.</param>
    /// <returns>0, 1 or 2.</returns>
    public static int SeptetCost(char c)
    {
        var septet = ToSeptet(c);
        return septet == NotEncodable ? 0 : (septet & ExtensionFlag) != 0 ? 2 : 1;
    }

    /// <summary>Encodes text to unpacked septets, one per byte, extension characters as 0x1B + code.</summary>
    /// <param name="text">The text to encode.</param>
    /// <param name="septets">Receives the septets; needs room for the count <see cref="TryCountSeptets"/> gives.</param>
    /// <returns>The number of septets written.</returns>
    /// <exception cref="ArgumentException">
    /// A character is in neither table, or <paramref name="septets"/> is too short.
    /// </exception>
    public static int Encode(ReadOnlySpan<char> text, Span<byte> septets)
    {
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var septet = ToSeptet(text[i]);
            if (septet == NotEncodable)
            {
                throw new ArgumentException(
                    $"U+{(int)text[i]:X4} at index {i} is not in the GSM 7-bit default alphabet or extension table.",
                    nameof(text));
            }

            if ((septet & ExtensionFlag) != 0)
            {
                if (written + 2 > septets.Length)
                {
                    ThrowDestinationTooShort(nameof(septets));
                }

                septets[written++] = Escape;
                septets[written++] = (byte)(septet & ~ExtensionFlag);
            }
            else
            {
                if (written >= septets.Length)
                {
                    ThrowDestinationTooShort(nameof(septets));
                }

                septets[written++] = septet;
            }
        }

        return written;
    }

    /// <summary>Decodes unpacked septets, one per byte, to text.</summary>
    /// <param name="septets">The septets; only the low 7 bits of each byte are read.</param>
    /// <returns>The decoded text.</returns>
    /// <remarks>
    /// Following TS 23.038 §6.2.1.1: an escape followed by a code the extension table does not define
    /// decodes as that code's default-alphabet character; an escape followed by another escape (reserved
    /// for a further extension table) decodes as one space; a trailing lone escape decodes as a space,
    /// as the spec asks of receivers that do not understand the escape.
    /// </remarks>
    public static string Decode(ReadOnlySpan<byte> septets)
    {
        var length = 0;
        for (var i = 0; i < septets.Length; i++, length++)
        {
            if ((septets[i] & 0x7F) == Escape && i + 1 < septets.Length)
            {
                i++;
            }
        }

        return string.Create(length, septets, static (chars, source) =>
        {
            var written = 0;
            for (var i = 0; i < source.Length; i++)
            {
                var septet = source[i] & 0x7F;
                if (septet != Escape)
                {
                    chars[written++] = DefaultAlphabet[septet];
                }
                else if (i + 1 == source.Length)
                {
                    chars[written++] = ' ';
                }
                else
                {
                    var code = source[++i] & 0x7F;
                    var extension = s_extensionToChar[code];
                    chars[written++] = extension != '\0' ? extension : code == Escape ? ' ' : DefaultAlphabet[code];
                }
            }
        });
    }

    /// <summary>Bytes that <paramref name="septetCount"/> septets take when packed after <paramref name="fillBits"/> fill bits.</summary>
    /// <param name="septetCount">The number of septets.</param>
    /// <param name="fillBits">Fill bits before the first septet, 0..6.</param>
    /// <returns>The packed length; 0 for no septets.</returns>
    public static int GetPackedLength(int septetCount, int fillBits = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(septetCount);
        CheckFillBits(fillBits);
        return septetCount == 0 ? 0 : (fillBits + (septetCount * 7) + 7) / 8;
    }

    /// <summary>
    /// Packs septets into octets, least significant bit first (TS 23.038 §6.1.2.1.1), after
    /// <paramref name="fillBits"/> zero bits.
    /// </summary>
    /// <param name="septets">Unpacked septets; only the low 7 bits of each byte are used.</param>
    /// <param name="destination">Receives <see cref="GetPackedLength"/> bytes.</param>
    /// <param name="fillBits">
    /// Zero bits before the first septet, 0..6. After a user data header of n octets the text must start
    /// on a septet boundary of the whole user data (TS 23.040 §9.2.3.24), so this is
    /// <see cref="Udh.GetFillBits"/>(n): 1 after the 6-octet concatenation UDH, 0 after the 7-octet one.
    /// </param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int Pack(ReadOnlySpan<byte> septets, Span<byte> destination, int fillBits = 0)
    {
        var length = GetPackedLength(septets.Length, fillBits);
        if (destination.Length < length)
        {
            ThrowDestinationTooShort(nameof(destination));
        }

        var written = 0;
        var bits = 0u;
        var bitCount = fillBits;
        foreach (var septet in septets)
        {
            bits |= (uint)(septet & 0x7F) << bitCount;
            bitCount += 7;
            if (bitCount >= 8)
            {
                destination[written++] = (byte)bits;
                bits >>= 8;
                bitCount -= 8;
            }
        }

        // With no septets the fill bits pad nothing, so no byte is written for them.
        if (bitCount > 0 && !septets.IsEmpty)
        {
            destination[written++] = (byte)bits;
        }

        return written;
    }

    /// <summary>Unpacks <paramref name="septetCount"/> septets from packed octets, skipping <paramref name="fillBits"/> leading bits.</summary>
    /// <param name="packed">The packed octets, starting where the text starts (after any UDH).</param>
    /// <param name="septetCount">
    /// How many septets to read. Packing alone cannot tell 7 bytes holding 8 septets from 7 bytes holding
    /// 7 and a spare zero septet ('@'), so the count comes from the message (sm_length or TP-UDL).
    /// </param>
    /// <param name="destination">Receives <paramref name="septetCount"/> septets, one per byte.</param>
    /// <param name="fillBits">Fill bits before the first septet, 0..6.</param>
    /// <returns>The number of septets written, <paramref name="septetCount"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="packed"/> or <paramref name="destination"/> is too short.</exception>
    public static int Unpack(ReadOnlySpan<byte> packed, int septetCount, Span<byte> destination, int fillBits = 0)
    {
        if (packed.Length < GetPackedLength(septetCount, fillBits))
        {
            throw new ArgumentException($"{septetCount} septets after {fillBits} fill bits need more than {packed.Length} bytes.", nameof(packed));
        }

        if (destination.Length < septetCount)
        {
            ThrowDestinationTooShort(nameof(destination));
        }

        for (var i = 0; i < septetCount; i++)
        {
            var bit = fillBits + (i * 7);
            var index = bit >> 3;
            var shift = bit & 7;
            var value = packed[index] >> shift;
            if (shift > 1)
            {
                value |= packed[index + 1] << (8 - shift);
            }

            destination[i] = (byte)(value & 0x7F);
        }

        return septetCount;
    }

    private static byte ToSeptet(char c)
    {
        if (c < 0x100)
        {
            return s_latinToSeptet[c];
        }

        return c switch
        {
            'Δ' => 0x10,
            'Φ' => 0x12,
            'Γ' => 0x13,
            'Λ' => 0x14,
            'Ω' => 0x15,
            'Π' => 0x16,
            'Ψ' => 0x17,
            'Σ' => 0x18,
            'Θ' => 0x19,
            'Ξ' => 0x1A,
            '€' => ExtensionFlag | 0x65,
            _ => NotEncodable,
        };
    }

    private static byte[] BuildLatinToSeptet()
    {
        var table = new byte[0x100];
        table.AsSpan().Fill(NotEncodable);
        for (var septet = 0; septet < DefaultAlphabet.Length; septet++)
        {
            if (septet != Escape && DefaultAlphabet[septet] < 0x100)
            {
                table[DefaultAlphabet[septet]] = (byte)septet;
            }
        }

        foreach (var (code, c) in s_extensionTable)
        {
            if (c < 0x100)
            {
                table[c] = (byte)(ExtensionFlag | code);
            }
        }

        return table;
    }

    private static char[] BuildExtensionToChar()
    {
        var table = new char[0x80];
        foreach (var (code, c) in s_extensionTable)
        {
            table[code] = c;
        }

        return table;
    }

    private static void CheckFillBits(int fillBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fillBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fillBits, 6);
    }

    private static void ThrowDestinationTooShort(string paramName) =>
        throw new ArgumentException("Destination is too short.", paramName);
}
