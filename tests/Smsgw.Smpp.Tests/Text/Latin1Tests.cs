using Smsgw.Smpp.Text;
using Xunit;

namespace Smsgw.Smpp.Tests.Text;

public sealed class Latin1Tests
{
    [Fact]
    public void Every_byte_value_round_trips_as_its_char()
    {
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();
        var text = Latin1.Decode(bytes);

        Assert.Equal(new string([.. Enumerable.Range(0, 256).Select(c => (char)c)]), text);
        Assert.True(Latin1.CanEncode(text));
        var encoded = new byte[256];
        Assert.Equal(256, Latin1.Encode(text, encoded));
        Assert.Equal(bytes, encoded);
    }

    [Fact]
    public void Char_above_U00FF_cannot_be_encoded_rather_than_becoming_a_question_mark()
    {
        Assert.False(Latin1.CanEncode("café €"));
        var error = Assert.Throws<ArgumentException>(() => Latin1.Encode("café €", new byte[6]));
        Assert.Contains("U+20AC at index 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_into_a_too_short_destination_throws()
    {
        Assert.Throws<ArgumentException>(() => Latin1.Encode("abc", new byte[2]));
    }
}
