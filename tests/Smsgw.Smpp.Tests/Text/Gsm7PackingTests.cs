using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class Gsm7PackingTests
{
    [Fact]
    public void Hellohello_packs_to_the_known_vector()
    {
        var septets = new byte[10];
        Gsm7.Encode("hellohello", septets);
        var packed = new byte[Gsm7.GetPackedLength(10)];

        Assert.Equal(9, Gsm7.Pack(septets, packed));
        Assert.Equal(Convert.FromHexString("E8329BFD4697D9EC37"), packed);
    }

    [Fact]
    public void Known_vector_unpacks_to_hellohello()
    {
        var septets = new byte[10];
        Assert.Equal(10, Gsm7.Unpack(Convert.FromHexString("E8329BFD4697D9EC37"), 10, septets));
        Assert.Equal("hellohello", Gsm7.Decode(septets));
    }

    [Fact]
    public void Pack_matches_a_bit_by_bit_packing_and_unpacks_back_for_lengths_0_to_200_and_fill_bits_0_to_6()
    {
        var random = new Random(3_8038);
        for (var length = 0; length <= 200; length++)
        {
            var septets = new byte[length];
            for (var i = 0; i < length; i++)
            {
                septets[i] = (byte)random.Next(128);
            }

            for (var fillBits = 0; fillBits <= 6; fillBits++)
            {
                var packed = new byte[Gsm7.GetPackedLength(length, fillBits)];
                Assert.Equal(packed.Length, Gsm7.Pack(septets, packed, fillBits));
                Assert.Equal(PackBitByBit(septets, fillBits), packed);

                var unpacked = new byte[length];
                Assert.Equal(length, Gsm7.Unpack(packed, length, unpacked, fillBits));
                Assert.Equal(septets, unpacked);
            }
        }
    }

    [Fact]
    public void Fill_bits_are_zero_low_bits_of_the_first_byte()
    {
        var septets = Enumerable.Repeat((byte)0x7F, 20).ToArray();
        for (var fillBits = 1; fillBits <= 6; fillBits++)
        {
            var packed = new byte[Gsm7.GetPackedLength(20, fillBits)];
            Gsm7.Pack(septets, packed, fillBits);
            Assert.Equal(0, packed[0] & ((1 << fillBits) - 1));
            Assert.Equal(0xFF & ~((1 << fillBits) - 1), packed[0]);
        }
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 6, 0)]
    [InlineData(1, 0, 1)]
    [InlineData(8, 0, 7)]
    [InlineData(153, 1, 134)]
    [InlineData(152, 0, 133)]
    [InlineData(160, 0, 140)]
    public void Packed_length_covers_fill_bits_and_septets(int septets, int fillBits, int expected)
    {
        Assert.Equal(expected, Gsm7.GetPackedLength(septets, fillBits));
    }

    [Fact]
    public void Fill_bits_outside_0_to_6_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gsm7.Pack([1], new byte[2], 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gsm7.Unpack([1], 1, new byte[1], -1));
    }

    [Fact]
    public void Unpack_rejects_input_shorter_than_the_septet_count_needs()
    {
        Assert.Throws<ArgumentException>(() => Gsm7.Unpack(new byte[6], 8, new byte[8]));
        Assert.Throws<ArgumentException>(() => Gsm7.Unpack(new byte[7], 8, new byte[8], 1));
    }

    [Fact]
    public void Pack_rejects_a_too_short_destination()
    {
        Assert.Throws<ArgumentException>(() => Gsm7.Pack(new byte[8], new byte[6]));
    }

    private static byte[] PackBitByBit(byte[] septets, int fillBits)
    {
        var bits = new List<bool>(new bool[fillBits]);
        foreach (var septet in septets)
        {
            for (var bit = 0; bit < 7; bit++)
            {
                bits.Add(((septet >> bit) & 1) != 0);
            }
        }

        var packed = new byte[septets.Length == 0 ? 0 : (bits.Count + 7) / 8];
        for (var i = 0; i < bits.Count && septets.Length > 0; i++)
        {
            if (bits[i])
            {
                packed[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return packed;
    }
}
