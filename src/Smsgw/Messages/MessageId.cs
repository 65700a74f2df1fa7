using System.Security.Cryptography;

namespace Smsgw.Messages;

/// <summary>Public message ids: 30 random chars of <c>[a-z0-9]</c>, like the hosted API's (155 bits).</summary>
internal static class MessageId
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    public const int Length = 30;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool LooksValid(string value) =>
        value.Length is >= 20 and <= 40 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));
}
