using System.Globalization;
using Smsgw.Smpp.Receipts;

namespace Smsgw.Carriers.Smpp;

/// <summary>
/// The one stored form of a carrier message id, so a receipt finds its part by equality: an id is read in the
/// format the SMSC wrote it in and written in the connection's <see cref="SmppConnectionOptions.MessageIdFormat"/>
/// (lower-case, no leading zeros). Text ids use <see cref="ReceiptMessageId"/>'s text key.
/// </summary>
internal static class SmppMessageIds
{
    public static string Canonical(string id, SmppMessageIdFormat writtenAs, SmppMessageIdFormat storedAs)
    {
        var trimmed = id.Trim();
        if (writtenAs != SmppMessageIdFormat.Text && TryRead(trimmed, writtenAs, out var value))
        {
            return storedAs switch
            {
                SmppMessageIdFormat.Decimal => value.ToString(CultureInfo.InvariantCulture),
                // A Text store of a numeric receipt id: the form the response would have had is unknown; hex is the usual.
                _ => value.ToString("x", CultureInfo.InvariantCulture),
            };
        }
        return ReceiptMessageId.CanonicalText(trimmed);
    }

    private static bool TryRead(string id, SmppMessageIdFormat format, out UInt128 value)
    {
        value = default;
        if (id.Length is 0 or > 38)
        {
            return false;
        }
        return format == SmppMessageIdFormat.Hex
            ? id.Length <= 32 && UInt128.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : UInt128.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
