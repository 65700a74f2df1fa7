namespace Smsgw.Messages;

/// <summary>The Smstools sender rule: a number of at most 14 digits, or a name of at most 11 letters, digits or spaces.</summary>
internal static class SenderRules
{
    /// <summary>Returns the stored form (numbers without '+'), or null when the sender breaks the rule.</summary>
    public static string? Normalize(string sender)
    {
        var trimmed = sender.Trim();
        var number = trimmed.StartsWith('+') ? trimmed[1..] : trimmed;
        if (number.Length is > 0 and <= 14 && number.All(char.IsAsciiDigit))
        {
            return number;
        }
        if (trimmed.Length is > 0 and <= 11 && trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') && trimmed.Any(char.IsAsciiLetter))
        {
            return trimmed;
        }
        return null;
    }
}
