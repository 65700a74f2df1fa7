using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Smsgw.Smpp.Receipts;

/// <summary>
/// The text of a delivery receipt (SMPP 3.4 Appendix B):
/// <c>id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…</c>.
/// Parsing tolerates any case, missing fields, extra spaces and dates with seconds (12 digits); what is absent is
/// null or empty.
/// </summary>
/// <param name="Id">The message id as the SMSC wrote it (compare with <see cref="ReceiptMessageId"/>).</param>
/// <param name="Submitted"><c>sub</c>: messages originally submitted, when given.</param>
/// <param name="Delivered"><c>dlvrd</c>: messages delivered, when given.</param>
/// <param name="SubmitDate"><c>submit date</c> in the SMSC's (unstated) time zone, when given and valid.</param>
/// <param name="DoneDate"><c>done date</c> in the SMSC's time zone, when given and valid.</param>
/// <param name="Stat"><c>stat</c> as written, upper-cased (<c>DELIVRD</c>, <c>UNDELIV</c>, …).</param>
/// <param name="State"><see cref="Stat"/> as a <see cref="MessageState"/>; <see cref="MessageState.None"/> when unknown.</param>
/// <param name="Error"><c>err</c> as written (a network-specific code), or empty.</param>
/// <param name="Text"><c>text</c>: the first characters of the message, or empty.</param>
public sealed partial record DeliveryReceipt(
    string Id,
    int? Submitted,
    int? Delivered,
    DateTime? SubmitDate,
    DateTime? DoneDate,
    string Stat,
    MessageState State,
    string Error,
    string Text)
{
    /// <summary>Parses receipt text. It needs at least an <c>id</c> or a <c>stat</c> field to count as a receipt.</summary>
    /// <param name="text">The short message (or <c>message_payload</c>) of a receipt, decoded as ASCII.</param>
    /// <param name="receipt">The receipt, when the text is one.</param>
    /// <returns>Whether the text is a receipt.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DeliveryReceipt? receipt)
    {
        receipt = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string? id = null, sub = null, dlvrd = null, submitDate = null, doneDate = null, stat = null, err = null, body = null;
        var match = KeyPattern().Match(text);
        while (match.Success)
        {
            var key = match.Groups["key"].Value;
            var valueStart = match.Index + match.Length;
            var isText = key.Equals("text", StringComparison.OrdinalIgnoreCase);
            var next = isText ? Match.Empty : match.NextMatch();
            var valueEnd = next.Success ? next.Index : text.Length;
            var value = text[valueStart..valueEnd].Trim();
            switch (key.ToUpperInvariant())
            {
                case "ID": id ??= value; break;
                case "SUB": sub ??= value; break;
                case "DLVRD": dlvrd ??= value; break;
                case "STAT": stat ??= value; break;
                case "ERR": err ??= value; break;
                case "TEXT": body ??= value; break;
                default:
                    if (key.StartsWith("s", StringComparison.OrdinalIgnoreCase))
                    {
                        submitDate ??= value;
                    }
                    else
                    {
                        doneDate ??= value;
                    }

                    break;
            }

            match = next;
        }

        if (id is null && stat is null)
        {
            return false;
        }

        var upperStat = stat?.ToUpperInvariant() ?? string.Empty;
        receipt = new DeliveryReceipt(
            id ?? string.Empty,
            ParseCount(sub),
            ParseCount(dlvrd),
            ParseDate(submitDate),
            ParseDate(doneDate),
            upperStat,
            ParseStat(upperStat),
            err ?? string.Empty,
            body ?? string.Empty);
        return true;
    }

    /// <summary>
    /// Maps a <c>stat</c> value to its state: the 7-letter forms of Appendix B (<c>DELIVRD</c>, <c>EXPIRED</c>,
    /// <c>DELETED</c>, <c>UNDELIV</c>, <c>ACCEPTD</c>, <c>UNKNOWN</c>, <c>REJECTD</c>, <c>ENROUTE</c>) and the full
    /// words some SMSCs send instead, in any case.
    /// </summary>
    /// <param name="stat">The stat text.</param>
    /// <returns>The state, or <see cref="MessageState.None"/> when unrecognised.</returns>
    public static MessageState ParseStat(string? stat) => stat?.Trim().ToUpperInvariant() switch
    {
        "ENROUTE" => MessageState.Enroute,
        "DELIVRD" or "DELIVERED" => MessageState.Delivered,
        "EXPIRED" => MessageState.Expired,
        "DELETED" => MessageState.Deleted,
        "UNDELIV" or "UNDELIVERABLE" => MessageState.Undeliverable,
        "ACCEPTD" or "ACCEPTED" => MessageState.Accepted,
        "UNKNOWN" => MessageState.Unknown,
        "REJECTD" or "REJECTED" => MessageState.Rejected,
        _ => MessageState.None,
    };

    private static int? ParseCount(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private static DateTime? ParseDate(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var format = value.Length switch
        {
            10 => "yyMMddHHmm",
            12 => "yyMMddHHmmss",
            _ => null,
        };
        return format is not null
            && DateTime.TryParseExact(value, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    [GeneratedRegex(@"(?<![A-Za-z])(?<key>id|sub|dlvrd|submit\s*date|done\s*date|stat|err|text)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
