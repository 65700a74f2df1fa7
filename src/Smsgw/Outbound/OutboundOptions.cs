namespace Smsgw.Outbound;

/// <summary>The dispatcher. Bound from <c>Smsgw:Outbound</c>.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Smsgw:Outbound";

    /// <summary>
    /// How long a dispatcher owns a message it leased without renewing it; another takes it over after that. A batch
    /// still being submitted has its lease renewed every third of this, so only a crash lets it run out.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most messages leased at once by one worker.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Workers leasing in parallel, so batches are submitted while others are leased and recorded. Each batch waits for
    /// two commits (its lease, its outcomes), so with few workers the carrier's window waits on commits: bench smpp
    /// under a flood of sends, 6,200 submits/s with 2 workers, 8,500–8,700 with 8 (bench/README.md, 2026-12-02).
    /// </summary>
    public int Workers { get; set; } = 8;

    /// <summary>Longest sleep between looks at the store when nothing signals new work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry delay after a carrier said "not now"; doubled per attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
}
