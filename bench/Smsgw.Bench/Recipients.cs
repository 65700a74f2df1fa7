using System.Globalization;

namespace Smsgw.Bench;

/// <summary>
/// Belgian mobile numbers (international digits, the stored form). The simulator decides by the last four digits;
/// 0000–0009 mean failures, missing receipts or replies, so every number here ends in 0010–9999 and is delivered.
/// </summary>
internal static class Recipients
{
    public const int Pool = 100_000;
    private const int SuffixesPerBlock = 9990;

    public static string Random(Random random) => At(random.Next(Pool));

    public static string At(int index)
    {
        var number = 32_470_000_000L + (index / SuffixesPerBlock * 10_000L) + 10 + (index % SuffixesPerBlock);
        return number.ToString(CultureInfo.InvariantCulture);
    }
}
