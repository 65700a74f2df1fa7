using System.Globalization;

namespace Smsgw.Smpp.Receipts;

/// <summary>
/// Matches the message id of a <c>submit_sm_resp</c> with the id in a delivery receipt. SMSCs differ: one answers
/// <c>0A1B2C</c> and reports <c>662316</c>, another pads with zeros or changes case. Ids are compared through their
/// match keys: the text without case and leading zeros, and the number the id denotes read as decimal and as hex.
/// </summary>
public static class ReceiptMessageId
{
    private const int MaxHexDigits = 32;
    private const int MaxDecimalDigits = 38;

    /// <summary>
    /// The match keys of an id: <c>t:</c> + the trimmed lower-case text without leading zeros; <c>n:</c> + the
    /// decimal value when the id is all decimal digits; <c>n:</c> + the value read as hex when it is all hex digits.
    /// Store the keys of a submitted id and look a receipt up by any of its keys.
    /// </summary>
    /// <param name="messageId">An id from a response or a receipt.</param>
    /// <returns>One to three distinct keys; none for an empty id.</returns>
    public static IReadOnlyList<string> GetMatchKeys(string? messageId)
    {
        var id = messageId?.Trim() ?? string.Empty;
        if (id.Length == 0)
        {
            return [];
        }

        var keys = new List<string>(3) { "t:" + CanonicalText(id) };
        var digits = id.TrimStart('0');
        if (digits.Length == 0)
        {
            keys.Add("n:0");
            return keys;
        }

        if (digits.Length <= MaxDecimalDigits && digits.All(char.IsAsciiDigit)
            && UInt128.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var asDecimal))
        {
            keys.Add("n:" + asDecimal.ToString(CultureInfo.InvariantCulture));
        }

        if (digits.Length <= MaxHexDigits && digits.All(char.IsAsciiHexDigit)
            && UInt128.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var asHex))
        {
            var key = "n:" + asHex.ToString(CultureInfo.InvariantCulture);
            if (!keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Whether two ids may denote the same message: they share a match key.</summary>
    /// <param name="left">One id.</param>
    /// <param name="right">The other.</param>
    /// <returns>True when a key is shared.</returns>
    public static bool Matches(string? left, string? right)
    {
        var leftKeys = GetMatchKeys(left);
        var rightKeys = GetMatchKeys(right);
        return leftKeys.Any(rightKeys.Contains);
    }

    /// <summary>The text of the <c>t:</c> key: the id trimmed, lower-case, without leading zeros; empty for an empty id.</summary>
    /// <param name="messageId">An id from a response or a receipt.</param>
    /// <returns>The canonical text.</returns>
    public static string CanonicalText(string? messageId)
    {
        var id = messageId.AsSpan().Trim();
        if (id.IsEmpty)
        {
            return string.Empty;
        }

        var digits = id.TrimStart('0');
        return digits.IsEmpty ? "0" : digits.ToString().ToLowerInvariant();
    }
}
