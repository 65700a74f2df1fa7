namespace Smsgw.Messages;

/// <summary>Accepting messages. Bound from <c>Smsgw:Messages</c>.</summary>
public sealed class MessagesOptions
{
    public const string Section = "Smsgw:Messages";

    /// <summary>Region for numbers written in national format (the hosted API is Belgian).</summary>
    public string DefaultRegion { get; set; } = "BE";

    /// <summary>Zone of the Smstools <c>yyyy-MM-dd HH:mm</c> dates, in requests and in lists.</summary>
    public string TimeZone { get; set; } = "Europe/Brussels";

    /// <summary>How long after its due time a message may still be handed to a carrier.</summary>
    public TimeSpan DefaultValidity { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest text: GSM-7 septets, or UTF-16 units for Unicode text (Smstools: 612, error 118).</summary>
    public int MaxLength { get; set; } = 612;

    /// <summary>How far ahead a send may be scheduled (121 beyond).</summary>
    public TimeSpan MaxScheduleAhead { get; set; } = TimeSpan.FromDays(366);

    /// <summary>Most recipients in one send request.</summary>
    public int MaxRecipients { get; set; } = 1000;

    /// <summary>How long an Idempotency-Key replays its first answer.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
}
