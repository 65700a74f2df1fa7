using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class Gsm7TableTests
{
    private const int EscapeEntry = -1;

    // 3GPP TS 23.038 §6.2.1 transcribed as code points, independently of the library's string literal:
    // index = septet. 0x1B is the escape to the extension table, not a character.
    private static readonly int[] s_defaultAlphabet =
    [
        0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, 0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,
        0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, 0x03A3, 0x0398, 0x039E, EscapeEntry, 0x00C6, 0x00E6, 0x00DF, 0x00C9,
        0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
        0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
        0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
        0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,
        0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
        0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,
    ];

    // TS 23.038 §6.2.1.1, the characters of the extension table: code after 0x1B → code point.
    private static readonly Dictionary<int, int> s_extensionTable = new()
    {
        [0x0A] = 0x000C,
        [0x14] = 0x005E,
        [0x28] = 0x007B,
        [0x29] = 0x007D,
        [0x2F] = 0x005C,
        [0x3C] = 0x005B,
        [0x3D] = 0x007E,
        [0x3E] = 0x005D,
        [0x40] = 0x007C,
        [0x65] = 0x20AC,
    };

    [Fact]
    public void Every_default_alphabet_char_encodes_to_its_septet_and_decodes_back()
    {
        Span<byte> septets = stackalloc byte[2];
        for (var septet = 0; septet < 128; septet++)
        {
            if (s_defaultAlphabet[septet] == EscapeEntry)
            {
                continue;
            }

            var text = ((char)s_defaultAlphabet[septet]).ToString();
            Assert.Equal(1, Gsm7.Encode(text, septets));
            Assert.Equal(septet, septets[0]);
            Assert.Equal(text, Gsm7.Decode(septets[..1]));
        }
    }

    [Fact]
    public void Every_default_alphabet_septet_decodes_to_its_char_and_encodes_back()
    {
        Span<byte> encoded = stackalloc byte[2];
        for (var septet = 0; septet < 128; septet++)
        {
            if (s_defaultAlphabet[septet] == EscapeEntry)
            {
                continue;
            }

            var decoded = Gsm7.Decode([(byte)septet]);
            Assert.Equal(((char)s_defaultAlphabet[septet]).ToString(), decoded);
            Assert.Equal(1, Gsm7.Encode(decoded, encoded));
            Assert.Equal(septet, encoded[0]);
        }
    }

    [Fact]
    public void Every_extension_char_encodes_to_an_escape_pair_and_decodes_back()
    {
        Span<byte> septets = stackalloc byte[2];
        foreach (var (code, codePoint) in s_extensionTable)
        {
            var text = ((char)codePoint).ToString();
            Assert.Equal(2, Gsm7.Encode(text, septets));
            Assert.Equal([Gsm7.Escape, (byte)code], septets.ToArray());
            Assert.Equal(text, Gsm7.Decode(septets));
        }
    }

    [Fact]
    public void Every_extension_escape_pair_decodes_to_its_char_and_encodes_back()
    {
        Span<byte> encoded = stackalloc byte[2];
        foreach (var (code, codePoint) in s_extensionTable)
        {
            var decoded = Gsm7.Decode([Gsm7.Escape, (byte)code]);
            Assert.Equal(((char)codePoint).ToString(), decoded);
            Assert.Equal(2, Gsm7.Encode(decoded, encoded));
            Assert.Equal([Gsm7.Escape, (byte)code], encoded.ToArray());
        }
    }

    [Fact]
    public void Every_utf16_code_unit_is_encodable_exactly_when_a_table_holds_it()
    {
        var single = s_defaultAlphabet.Where(c => c != EscapeEntry).ToHashSet();
        var doubled = s_extensionTable.Values.ToHashSet();
        Span<char> one = stackalloc char[1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            one[0] = (char)c;
            var expected = single.Contains(c) ? 1 : doubled.Contains(c) ? 2 : 0;
            Assert.Equal(expected, Gsm7.SeptetCost((char)c));
            Assert.Equal(expected != 0, Gsm7.CanEncode(one));
            Assert.Equal(expected != 0, Gsm7.TryCountSeptets(one, out var septets));
            Assert.Equal(expected, septets);
        }
    }

    [Fact]
    public void Escape_followed_by_a_code_without_extension_char_decodes_as_the_default_alphabet_char()
    {
        for (var code = 0; code < 128; code++)
        {
            if (code == Gsm7.Escape || s_extensionTable.ContainsKey(code))
            {
                continue;
            }

            Assert.Equal(((char)s_defaultAlphabet[code]).ToString(), Gsm7.Decode([Gsm7.Escape, (byte)code]));
        }
    }

    [Fact]
    public void Escape_followed_by_escape_decodes_as_one_space()
    {
        Assert.Equal("a b", Gsm7.Decode([0x61, Gsm7.Escape, Gsm7.Escape, 0x62]));
    }

    [Fact]
    public void Trailing_lone_escape_decodes_as_space()
    {
        Assert.Equal("ab ", Gsm7.Decode([0x61, 0x62, Gsm7.Escape]));
        Assert.Equal(" ", Gsm7.Decode([Gsm7.Escape]));
    }

    [Fact]
    public void Decode_ignores_the_high_bit_of_each_byte()
    {
        Assert.Equal("@A€", Gsm7.Decode([0x80, 0xC1, 0x9B, 0xE5]));
    }

    [Fact]
    public void Mixed_text_counts_extension_chars_as_two_septets_and_round_trips()
    {
        const string text = "Price: 5€ {ok} [x] ~y~ ^z^ \\ | ΔΦΓΛΩΠΨΣΘΞ @£$¥\r\n\f";
        Assert.True(Gsm7.TryCountSeptets(text, out var septets));
        Assert.Equal(text.Length + text.Count(c => "€{}[]~^\\|\f".Contains(c)), septets);

        var buffer = new byte[septets];
        Assert.Equal(septets, Gsm7.Encode(text, buffer));
        Assert.Equal(text, Gsm7.Decode(buffer));
    }

    [Fact]
    public void Text_with_a_char_outside_both_tables_cannot_be_encoded()
    {
        Assert.False(Gsm7.CanEncode("hello `world`"));
        Assert.False(Gsm7.TryCountSeptets("emoji 😀", out var septets));
        Assert.Equal(0, septets);
        Assert.False(Gsm7.CanEncode("ç"));
        var error = Assert.Throws<ArgumentException>(() => Gsm7.Encode("ab\u00E7", new byte[10]));
        Assert.Contains("U+00E7 at index 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_text_is_zero_septets()
    {
        Assert.True(Gsm7.TryCountSeptets("", out var septets));
        Assert.Equal(0, septets);
        Assert.Equal(0, Gsm7.Encode("", []));
        Assert.Equal("", Gsm7.Decode([]));
    }

    [Fact]
    public void Encode_into_a_too_short_destination_throws_instead_of_splitting_an_escape_pair()
    {
        Assert.Throws<ArgumentException>(() => Gsm7.Encode("abc", new byte[2]));
        Assert.Throws<ArgumentException>(() => Gsm7.Encode("a€", new byte[2]));
    }
}
