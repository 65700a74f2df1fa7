using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class SmsTextProfileTests
{
    // û and ç are outside GSM 03.38 (it has Ç, not ç); every character is inside ISO-8859-1.
    private const string French = "Crème brûlée, ça coûte 5 £?";

    private static readonly SmsTextProfile Latin1Profile = new(PreferLatin1: true);

    [Fact]
    public void Latin1_text_outside_gsm_is_latin1_when_the_profile_prefers_it_and_ucs2_otherwise()
    {
        Assert.False(Gsm7.CanEncode(French));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Latin1, French.Length, 1), SmsText.Measure(French, Latin1Profile));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, French.Length, 1), SmsText.Measure(French, new SmsTextProfile()));
        Assert.Equal(SmsText.Measure(French), SmsText.Measure(French, new SmsTextProfile()));
    }

    [Theory]
    [InlineData("Hello € {world}", SmsEncoding.Gsm7)]
    [InlineData("ça coûte 5 €", SmsEncoding.Ucs2)]
    [InlineData("ça 😀", SmsEncoding.Ucs2)]
    [InlineData("Привет", SmsEncoding.Ucs2)]
    public void Gsm_text_stays_gsm_and_text_outside_latin1_stays_ucs2_when_latin1_is_preferred(string text, SmsEncoding encoding)
    {
        Assert.Equal(encoding, SmsText.Measure(text, Latin1Profile).Encoding);
    }

    [Theory]
    [InlineData(140, false, 1)]
    [InlineData(141, false, 2)]
    [InlineData(200, false, 2)]
    [InlineData(268, false, 2)]
    [InlineData(269, false, 3)]
    [InlineData(266, true, 2)]
    [InlineData(267, true, 3)]
    public void Latin1_parts_follow_140_then_134_octets_or_133_with_a_16_bit_reference(int length, bool sixteenBit, int parts)
    {
        var text = "ç" + new string('a', length - 1);
        var profile = new SmsTextProfile(sixteenBit ? ConcatenationReference.SixteenBit : ConcatenationReference.EightBit, PreferLatin1: true);

        var info = SmsText.Measure(text, profile);

        Assert.Equal(new SmsTextInfo(SmsEncoding.Latin1, length, parts), info);
        var segments = SmsText.Segment(text, SmsEncoding.Latin1, profile.Reference);
        Assert.Equal(parts, segments.Count);
        Assert.Equal(text, string.Concat(segments));
    }

    [Theory]
    [InlineData(306, ConcatenationReference.EightBit, 2)]
    [InlineData(306, ConcatenationReference.SixteenBit, 3)]
    [InlineData(304, ConcatenationReference.SixteenBit, 2)]
    public void Gsm_parts_follow_the_profiles_reference_size(int length, ConcatenationReference reference, int parts)
    {
        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, length, parts), SmsText.Measure(new string('a', length), new SmsTextProfile(reference)));
    }
}
