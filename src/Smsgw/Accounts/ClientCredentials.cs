using System.Security.Cryptography;
using System.Text;

namespace Smsgw.Accounts;

/// <summary>
/// Client ids and secrets. A secret is 40 random chars of [A-Za-z0-9] (238 bits), so a single SHA-256 is a
/// sound stored form (no dictionary to slow down); the secret itself is shown once and never stored.
/// </summary>
internal static class ClientCredentials
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewClientId() => RandomNumberGenerator.GetString(IdAlphabet, 24);

    public static string NewSecret() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>Constant-time comparison of the hash of <paramref name="secret"/> with <paramref name="storedHash"/>.</summary>
    public static bool Verify(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);
}
