using Smsgw.Messages;

namespace Smsgw.Tests.Messages;

public sealed class MessageIdTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Ids_are_thirty_lower_case_alphanumerics_that_sort_by_creation_time()
    {
        var earlier = MessageId.New(Now);
        var later = MessageId.New(Now.AddMilliseconds(1));

        Assert.Equal(MessageId.Length, earlier.Length);
        Assert.True(MessageId.LooksValid(earlier));
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.Equal(earlier[..9], MessageId.New(Now)[..9]);
    }

    [Fact]
    public void The_random_part_uses_every_character_equally_often()
    {
        const int ids = 20_000;
        var counts = new Dictionary<char, int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids; i++)
        {
            var id = MessageId.New(Now);
            Assert.True(seen.Add(id));
            foreach (var c in id[9..])
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        // 420,000 characters over 36: 11,667 each, a standard deviation of about 106. A byte taken modulo 36 without
        // rejecting the top of its range would give four of them 14 % more.
        Assert.Equal(36, counts.Count);
        var expected = ids * 21 / 36.0;
        Assert.All(counts, pair => Assert.InRange(pair.Value, expected * 0.95, expected * 1.05));
    }
}
