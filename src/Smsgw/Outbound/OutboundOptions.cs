namespace Smsgw.Outbound;

/// <summary>The dispatcher. Bound from <c>Smsgw:Outbound</c>.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Smsgw:Outbound";

    /// <summary>How long a dispatcher owns a message it leased; another takes it over after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages leased at once by one worker.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Workers leasing in parallel, so one batch is submitted while the next is leased.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Longest sleep between looks at the store when nothing signals new work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a carrier said "not now"; doubled per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
