using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class Ucs2Tests
{
    [Fact]
    public void Text_encodes_big_endian_with_surrogate_pairs_as_two_units()
    {
        var bytes = new byte[Ucs2.GetByteCount("A€😀")];

        Assert.Equal(8, Ucs2.Encode("A€😀", bytes));
        Assert.Equal(Convert.FromHexString("004120ACD83DDE00"), bytes);
        Assert.Equal("A€😀", Ucs2.Decode(bytes));
    }

    [Fact]
    public void Every_utf16_code_unit_round_trips_lone_surrogates_included()
    {
        var text = string.Create(char.MaxValue + 1, 0, static (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)i;
            }
        });
        var bytes = new byte[Ucs2.GetByteCount(text)];

        Ucs2.Encode(text, bytes);

        Assert.Equal(text, Ucs2.Decode(bytes));
        Assert.Equal([0xD8, 0x00], bytes[(0xD800 * 2)..(0xD800 * 2 + 2)]);
    }

    [Fact]
    public void Trailing_odd_byte_is_dropped()
    {
        Assert.Equal("A", Ucs2.Decode([0x00, 0x41, 0x00]));
        Assert.Equal("", Ucs2.Decode([0x41]));
    }

    [Fact]
    public void Encode_into_a_too_short_destination_throws()
    {
        Assert.Throws<ArgumentException>(() => Ucs2.Encode("ab", new byte[3]));
    }
}
