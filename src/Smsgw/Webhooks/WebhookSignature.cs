using System.Security.Cryptography;
using System.Text;

namespace Smsgw.Webhooks;

/// <summary>
/// <c>X-Smsgw-Signature: v1=&lt;hex HMAC-SHA256&gt;</c>, keyed with the webhook's secret (its UTF-8 bytes), over
/// <c>"&lt;unix seconds&gt;.&lt;raw body&gt;"</c> — for GET, the query string stands for the body.
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "X-Smsgw-Event-Id";
    public const string TimestampHeader = "X-Smsgw-Timestamp";
    public const string SignatureHeader = "X-Smsgw-Signature";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>What a receiver does: recompute and compare in constant time (and check the timestamp is recent).</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}
