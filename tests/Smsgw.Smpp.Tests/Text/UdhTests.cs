using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class UdhTests
{
    [Fact]
    public void Eight_bit_reference_header_is_05_00_03_ref_total_seq()
    {
        var udh = new byte[Udh.GetConcatenationLength(ConcatenationReference.EightBit)];

        Assert.Equal(6, Udh.WriteConcatenation(udh, new Concatenation(ConcatenationReference.EightBit, 0xA7, 3, 2)));
        Assert.Equal(Convert.FromHexString("050003A70302"), udh);
    }

    [Fact]
    public void Sixteen_bit_reference_header_is_06_08_04_refhi_reflo_total_seq()
    {
        var udh = new byte[Udh.GetConcatenationLength(ConcatenationReference.SixteenBit)];

        Assert.Equal(7, Udh.WriteConcatenation(udh, new Concatenation(ConcatenationReference.SixteenBit, 0x1234, 5, 5)));
        Assert.Equal(Convert.FromHexString("06080412340505"), udh);
    }

    [Fact]
    public void Written_header_reads_back_for_every_total_and_sequence()
    {
        var random = new Random(23_040);
        Span<byte> udh = stackalloc byte[7];
        for (var total = 1; total <= 255; total++)
        {
            for (var sequence = 1; sequence <= total; sequence++)
            {
                var eight = new Concatenation(ConcatenationReference.EightBit, random.Next(256), total, sequence);
                var sixteen = new Concatenation(ConcatenationReference.SixteenBit, random.Next(65536), total, sequence);

                Assert.True(Udh.TryReadConcatenation(udh[..Udh.WriteConcatenation(udh, eight)], out var read));
                Assert.Equal(eight, read);
                Assert.True(Udh.TryReadConcatenation(udh[..Udh.WriteConcatenation(udh, sixteen)], out read));
                Assert.Equal(sixteen, read);
            }
        }
    }

    [Fact]
    public void Concatenation_element_is_found_after_other_elements_and_text_is_ignored()
    {
        // UDHL 11: a port addressing element (IEI 0x05, 4 octets) then the 8-bit concatenation element.
        var userData = Convert.FromHexString("0B050400000000" + "00030A0201" + "E8329BFD");

        Assert.True(Udh.TryReadConcatenation(userData, out var concatenation));
        Assert.Equal(new Concatenation(ConcatenationReference.EightBit, 0x0A, 2, 1), concatenation);
    }

    [Fact]
    public void Last_valid_concatenation_element_wins()
    {
        var userData = Convert.FromHexString("0B" + "0003010201" + "080400020302");

        Assert.True(Udh.TryReadConcatenation(userData, out var concatenation));
        Assert.Equal(new Concatenation(ConcatenationReference.SixteenBit, 2, 3, 2), concatenation);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("0405020000")]
    [InlineData("050003")]
    [InlineData("050003A703")]
    [InlineData("05000401020304")]
    [InlineData("050003A70000")]
    [InlineData("050003A70300")]
    [InlineData("050003A70304")]
    [InlineData("06080401020000")]
    [InlineData("0605040000000000")]
    [InlineData("0600030102010B")]
    public void Header_that_is_truncated_or_lacks_a_valid_concatenation_element_reads_false(string hex)
    {
        Assert.False(Udh.TryReadConcatenation(Convert.FromHexString(hex), out var concatenation));
        Assert.Equal(default, concatenation);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(6, 1)]
    [InlineData(7, 0)]
    [InlineData(3, 4)]
    [InlineData(12, 2)]
    public void Fill_bits_align_text_to_a_septet_boundary_after_the_header(int udhLength, int fillBits)
    {
        Assert.Equal(fillBits, Udh.GetFillBits(udhLength));
        Assert.Equal(0, ((udhLength * 8) + fillBits) % 7);
    }

    [Fact]
    public void Capacity_per_part_is_what_remains_after_the_header()
    {
        foreach (var reference in new[] { ConcatenationReference.EightBit, ConcatenationReference.SixteenBit })
        {
            var udhLength = Udh.GetConcatenationLength(reference);
            var octets = 140 - udhLength;
            Assert.Equal(octets, SmsPartCapacity.PerPart(SmsEncoding.Latin1, reference));
            Assert.Equal(octets / 2, SmsPartCapacity.PerPart(SmsEncoding.Ucs2, reference));
            Assert.Equal(((octets * 8) - Udh.GetFillBits(udhLength)) / 7, SmsPartCapacity.PerPart(SmsEncoding.Gsm7, reference));
        }
    }

    [Fact]
    public void Out_of_range_values_are_rejected()
    {
        var udh = new byte[7];
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.WriteConcatenation(udh, new(ConcatenationReference.EightBit, 256, 2, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.WriteConcatenation(udh, new(ConcatenationReference.SixteenBit, 65536, 2, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.WriteConcatenation(udh, new(ConcatenationReference.EightBit, 1, 256, 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.WriteConcatenation(udh, new(ConcatenationReference.EightBit, 1, 0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udh.WriteConcatenation(udh, new(ConcatenationReference.EightBit, 1, 2, 3)));
        Assert.Throws<ArgumentException>(() => Udh.WriteConcatenation(new byte[5], new(ConcatenationReference.EightBit, 1, 2, 1)));
    }
}
