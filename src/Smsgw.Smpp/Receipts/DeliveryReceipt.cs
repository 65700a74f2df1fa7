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

        // EnumerateMatches yields positions only: a receipt costs the strings it keeps, not a Match and its groups
        // per field (the parse was a fifth of the gateway's allocations under a flood of receipts).
        Span<Range> values = stackalloc Range[FieldCount];
        values.Fill(Absent);
        var field = -1;
        var valueStart = 0;
        foreach (var match in KeyPattern().EnumerateMatches(text))
        {
            Keep(values, field, valueStart..match.Index);
            field = FieldOf(text.AsSpan(match.Index, match.Length));
            valueStart = match.Index + match.Length;
            if (field == TextField)
            {
                break; // the text runs to the end, whatever it holds
            }
        }
        Keep(values, field, valueStart..text.Length);
        if (values[IdField].Equals(Absent) && values[StatField].Equals(Absent))
        {
            return false;
        }

        var upperStat = TextOf(text, values[StatField]).ToUpperInvariant();
        receipt = new DeliveryReceipt(
            TextOf(text, values[IdField]),
            ParseCount(SpanOf(text, values[SubField])),
            ParseCount(SpanOf(text, values[DlvrdField])),
            ParseDate(SpanOf(text, values[SubmitDateField])),
            ParseDate(SpanOf(text, values[DoneDateField])),
            upperStat,
            ParseStat(upperStat),
            TextOf(text, values[ErrField]),
            TextOf(text, values[TextField]));
        return true;
    }

    /// <summary>Where a field's value is not given.</summary>
    private static readonly Range Absent = ^0..^0;

    /// <summary>The first value of a field wins.</summary>
    private static void Keep(Span<Range> values, int field, Range value)
    {
        if (field >= 0 && values[field].Equals(Absent))
        {
            values[field] = value;
        }
    }

    private static ReadOnlySpan<char> SpanOf(string text, Range value) => value.Equals(Absent) ? default : text.AsSpan(value).Trim();

    private static string TextOf(string text, Range value) => value.Equals(Absent) ? string.Empty : text.AsSpan(value).Trim().ToString();

    private const int IdField = 0, SubField = 1, DlvrdField = 2, SubmitDateField = 3, DoneDateField = 4, StatField = 5, ErrField = 6, TextField = 7;
    private const int FieldCount = 8;

    /// <summary>The field a key match (<c>key\s*:</c>, as <see cref="KeyPattern"/> found it) names.</summary>
    private static int FieldOf(ReadOnlySpan<char> match)
    {
        var key = match[..^1].TrimEnd();
        return key.Equals("id", StringComparison.OrdinalIgnoreCase) ? IdField
            : key.Equals("sub", StringComparison.OrdinalIgnoreCase) ? SubField
            : key.Equals("dlvrd", StringComparison.OrdinalIgnoreCase) ? DlvrdField
            : key.Equals("stat", StringComparison.OrdinalIgnoreCase) ? StatField
            : key.Equals("err", StringComparison.OrdinalIgnoreCase) ? ErrField
            : key.Equals("text", StringComparison.OrdinalIgnoreCase) ? TextField
            : key[0] is 's' or 'S' ? SubmitDateField
            : DoneDateField;
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

    private static int? ParseCount(ReadOnlySpan<char> value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private static DateTime? ParseDate(ReadOnlySpan<char> value)
    {
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
