using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Smsgw.Messages;

/// <summary>
/// Turns a number however it was written (+32…, 0032…, 32…, 0470 12 34 56 in the default region) into the
/// stored form: international digits without '+', e.g. <c>32470123456</c>.
/// </summary>
internal sealed class PhoneNumberNormalizer(IOptions<MessagesOptions> options)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public bool TryNormalize(string? input, out string digits)
    {
        digits = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
        {
            return false;
        }
        Span<char> buffer = stackalloc char[input.Length];
        var length = 0;
        var plus = false;
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[length++] = c;
            }
            else if (c == '+' && length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')' or '/' or '\u00a0'))
            {
                return false;
            }
        }
        var raw = buffer[..length].ToString();
        if (raw.Length < 3)
        {
            return false;
        }
        if (plus || raw.StartsWith("00", StringComparison.Ordinal))
        {
            return TryInternational(plus ? raw : raw[2..], out digits);
        }
        if (raw[0] == '0')
        {
            return TryParse(raw, options.Value.DefaultRegion, out digits);
        }
        // Digits without a prefix are international, as the Smstools API writes them; a national number
        // that merely lacks its trunk zero is the fallback.
        return TryInternational(raw, out digits) || TryParse(raw, options.Value.DefaultRegion, out digits);
    }

    private static bool TryInternational(string digitsAfterPlus, out string digits) => TryParse("+" + digitsAfterPlus, "ZZ", out digits);

    private static bool TryParse(string text, string region, out string digits)
    {
        digits = "";
        try
        {
            var number = Util.Parse(text, region);
            if (!Util.IsPossibleNumber(number))
            {
                return false;
            }
            digits = Util.Format(number, PhoneNumberFormat.E164)[1..];
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
