using System.Globalization;
using Microsoft.Extensions.Options;

namespace Smsgw.Messages;

/// <summary>
/// Every date format of the Smstools API in one place: the conversation's UTC <c>05 jun 2025, 08:44:46</c>,
/// and the local-zone (Europe/Brussels unless configured) <c>yyyy-MM-dd HH:mm[:ss]</c> of requests and lists.
/// </summary>
internal sealed class SmstoolsDates(IOptions<MessagesOptions> options)
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Conversation <c>datetime</c>: UTC, lower-case English month, agreeing with <c>unixDatetime</c>.</summary>
    public static string ConversationDateTime(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{utc.Day:00} {Months[utc.Month - 1]} {utc.Year:0000}, {utc:HH:mm:ss}");
    }

    /// <summary>List dates (<c>yyyy-MM-dd HH:mm:ss</c>) in the configured zone.</summary>
    public string ListDate(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, _zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Parses a schedule <c>yyyy-MM-dd HH:mm</c> (seconds tolerated) in the configured zone.</summary>
    public bool TryParseSchedule(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return false;
        }
        if (_zone.IsInvalidTime(local) || local.Year is < 2000 or > 9000)
        {
            return false; // a wall-clock time skipped by a DST change, or a year no schedule means
        }
        instant = new DateTimeOffset(local, _zone.GetUtcOffset(local));
        return true;
    }
}
