using System.Security.Cryptography;

namespace Smsgw.Messages;

/// <summary>
/// Public message ids: 30 chars of <c>[a-z0-9]</c>, like the hosted API's. The first 9 are the creation time in
/// base 36 (milliseconds), the other 21 random (108 bits). Time first keeps new ids at the right edge of every
/// index keyed by them, so an insert dirties the same few pages instead of a random page per message.
/// </summary>
internal static class MessageId
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    private const int TimeChars = 9;
    public const int Length = 30;

    public static string New(DateTimeOffset now)
    {
        Span<char> id = stackalloc char[Length];
        var ms = (ulong)Math.Max(0, now.ToUnixTimeMilliseconds());
        for (var i = TimeChars - 1; i >= 0; i--)
        {
            id[i] = Alphabet[(int)(ms % 36)];
            ms /= 36;
        }
        RandomNumberGenerator.GetItems(Alphabet, id[TimeChars..]);
        return new string(id);
    }

    public static bool LooksValid(string value) =>
        value.Length is >= 20 and <= 40 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));
}
