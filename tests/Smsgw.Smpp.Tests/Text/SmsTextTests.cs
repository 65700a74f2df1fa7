using System.Text;
using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class SmsTextTests
{
    private const string Emoji = "😀";

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    [InlineData(460, 4)]
    public void Gsm_text_parts_follow_160_then_153_septets(int length, int parts)
    {
        var info = SmsText.Measure(new string('a', length));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, length, parts), info);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_text_parts_follow_70_then_67_units(int length, int parts)
    {
        var info = SmsText.Measure("ж" + new string('a', length - 1));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, length, parts), info);
    }

    [Fact]
    public void Empty_text_is_one_part_of_zero_units()
    {
        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, 0, 1), SmsText.Measure(""));
        Assert.Equal([""], SmsText.Segment("", SmsEncoding.Gsm7));
        Assert.Equal([""], SmsText.Segment("", SmsEncoding.Ucs2));
    }

    [Fact]
    public void Extension_char_counts_two_septets()
    {
        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, 2, 1), SmsText.Measure("€"));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, 160, 1), SmsText.Measure(new string('a', 158) + "{"));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, 161, 2), SmsText.Measure(new string('a', 159) + "}"));
    }

    [Fact]
    public void Greek_capitals_stay_gsm_but_a_char_outside_the_tables_switches_to_ucs2()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsText.Measure("ΔΦΓΛΩΠΨΣΘΞ").Encoding);
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, 6, 1), SmsText.Measure("Hello`"));
    }

    [Fact]
    public void Emoji_counts_two_ucs2_units()
    {
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, 2, 1), SmsText.Measure(Emoji));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, 70, 1), SmsText.Measure(string.Concat(Enumerable.Repeat(Emoji, 35))));
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, 72, 2), SmsText.Measure(string.Concat(Enumerable.Repeat(Emoji, 36))));
    }

    [Fact]
    public void Escape_pair_at_a_part_boundary_moves_to_the_next_part()
    {
        // 306 septets, which a naive ceiling would fit in two parts of 153.
        var text = new string('a', 152) + "€" + new string('b', 152);

        var info = SmsText.Measure(text);
        var parts = SmsText.Segment(text, SmsEncoding.Gsm7);

        Assert.Equal(new SmsTextInfo(SmsEncoding.Gsm7, 306, 3), info);
        Assert.Equal([new string('a', 152), "€" + new string('b', 151), "b"], parts);
    }

    [Fact]
    public void Surrogate_pair_at_a_part_boundary_moves_to_the_next_part()
    {
        // 134 units, which a naive ceiling would fit in two parts of 67.
        var text = new string('a', 66) + Emoji + new string('b', 66);

        var info = SmsText.Measure(text);
        var parts = SmsText.Segment(text, SmsEncoding.Ucs2);

        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, 134, 3), info);
        Assert.Equal([new string('a', 66), Emoji + new string('b', 65), "b"], parts);
    }

    [Fact]
    public void Sixteen_bit_reference_leaves_152_septets_66_units_and_133_octets_per_part()
    {
        Assert.Equal(2, SmsText.Measure(new string('a', 304), ConcatenationReference.SixteenBit).Parts);
        Assert.Equal(3, SmsText.Measure(new string('a', 305), ConcatenationReference.SixteenBit).Parts);
        Assert.Equal(2, SmsText.Measure("ж" + new string('a', 131), ConcatenationReference.SixteenBit).Parts);
        Assert.Equal(3, SmsText.Measure("ж" + new string('a', 132), ConcatenationReference.SixteenBit).Parts);
        Assert.Equal(2, SmsText.Measure(new string('é', 266), SmsEncoding.Latin1, ConcatenationReference.SixteenBit).Parts);
        Assert.Equal(3, SmsText.Measure(new string('é', 267), SmsEncoding.Latin1, ConcatenationReference.SixteenBit).Parts);
        Assert.Equal([152, 152, 1], SmsText.Segment(new string('a', 305), SmsEncoding.Gsm7, ConcatenationReference.SixteenBit).Select(p => p.Length));
    }

    [Theory]
    [InlineData(140, 1)]
    [InlineData(141, 2)]
    [InlineData(268, 2)]
    [InlineData(269, 3)]
    public void Latin1_text_parts_follow_140_then_134_octets(int length, int parts)
    {
        Assert.Equal(new SmsTextInfo(SmsEncoding.Latin1, length, parts), SmsText.Measure(new string('ç', length), SmsEncoding.Latin1));
        Assert.Equal(parts, SmsText.Segment(new string('ç', length), SmsEncoding.Latin1).Count);
    }

    [Fact]
    public void Gsm_text_can_be_measured_and_segmented_as_ucs2_on_request()
    {
        Assert.Equal(new SmsTextInfo(SmsEncoding.Ucs2, 71, 2), SmsText.Measure(new string('a', 71), SmsEncoding.Ucs2));
        Assert.Equal([67, 4], SmsText.Segment(new string('a', 71), SmsEncoding.Ucs2).Select(p => p.Length));
    }

    [Fact]
    public void Text_the_encoding_cannot_carry_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => SmsText.Segment("hi 😀", SmsEncoding.Gsm7));
        Assert.Throws<ArgumentException>(() => SmsText.Measure("Ω", SmsEncoding.Latin1));
        Assert.Throws<ArgumentException>(() => SmsText.Segment("€", SmsEncoding.Latin1));
    }

    [Fact]
    public void Single_part_text_is_returned_as_is()
    {
        var text = new string('x', 160);
        Assert.Same(text, Assert.Single(SmsText.Segment(text, SmsEncoding.Gsm7)));
    }

    [Fact]
    public void Measure_allocates_nothing()
    {
        string[] texts = [new string('a', 500) + "€{}", "ж" + new string('a', 300) + Emoji, "short"];
        foreach (var text in texts)
        {
            SmsText.Measure(text);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var text in texts)
        {
            SmsText.Measure(text);
            SmsText.Measure(text, ConcatenationReference.SixteenBit);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Measure_agrees_with_Segment_and_segments_rejoin_without_splitting_pairs_for_random_text()
    {
        var random = new Random(23_038);
        string[] gsmPool = ["a", "b", "Z", "0", " ", "\n", "@", "é", "Δ", "Ω", "ß", "€", "{", "}", "[", "]", "~", "^", "\\", "|", "\f"];
        string[] otherPool = ["ж", "中", "ç", "`", Emoji, "👍🏽", "\uD800", "\uDC00"];
        var builder = new StringBuilder();
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            builder.Clear();
            var length = random.Next(700);
            var gsmOnly = random.Next(2) == 0;
            while (builder.Length < length)
            {
                builder.Append(!gsmOnly && random.Next(8) == 0
                    ? otherPool[random.Next(otherPool.Length)]
                    : gsmPool[random.Next(gsmPool.Length)]);
            }

            var text = builder.ToString();
            foreach (var reference in new[] { ConcatenationReference.EightBit, ConcatenationReference.SixteenBit })
            {
                var info = SmsText.Measure(text, reference);
                Assert.Equal(gsmOnly || Gsm7.CanEncode(text) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2, info.Encoding);
                AssertSegmentsMatch(text, info, reference);
                if (info.Encoding == SmsEncoding.Gsm7)
                {
                    AssertSegmentsMatch(text, SmsText.Measure(text, SmsEncoding.Ucs2, reference), reference);
                }
            }
        }
    }

    private static void AssertSegmentsMatch(string text, SmsTextInfo info, ConcatenationReference reference)
    {
        var parts = SmsText.Segment(text, info.Encoding, reference);
        Assert.Equal(info.Parts, parts.Count);
        Assert.Equal(text, string.Concat(parts));
        Assert.Equal(info.Units, parts.Sum(p => Units(p, info.Encoding)));
        if (parts.Count == 1)
        {
            Assert.True(info.Units <= SmsPartCapacity.Single(info.Encoding));
            return;
        }

        var capacity = SmsPartCapacity.PerPart(info.Encoding, reference);
        for (var i = 0; i < parts.Count; i++)
        {
            Assert.True(Units(parts[i], info.Encoding) <= capacity);
            if (i + 1 < parts.Count)
            {
                var next = parts[i + 1];
                var splitsSurrogatePair = char.IsHighSurrogate(parts[i][^1]) && char.IsLowSurrogate(next[0]);
                Assert.False(splitsSurrogatePair);

                // Parts are filled greedily: the next part's first character did not fit in this one.
                var firstOfNext = info.Encoding == SmsEncoding.Ucs2 && char.IsHighSurrogate(next[0]) && next.Length > 1 && char.IsLowSurrogate(next[1])
                    ? next[..2]
                    : next[..1];
                Assert.True(Units(parts[i], info.Encoding) + Units(firstOfNext, info.Encoding) > capacity);
            }
        }
    }

    private static int Units(string text, SmsEncoding encoding) =>
        encoding == SmsEncoding.Gsm7 && Gsm7.TryCountSeptets(text, out var septets) ? septets : text.Length;
}
