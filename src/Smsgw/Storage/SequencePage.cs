namespace Smsgw.Storage;

/// <summary>
/// Newest-first paging over a dense 1..total sequence: page N is the index range
/// (total − N·limit, total − (N−1)·limit], so a deep page costs what the first one does.
/// </summary>
internal static class SequencePage
{
    public static (long From, long To) Range(long total, int page, int limit)
    {
        var to = total - ((long)(page - 1) * limit);
        var from = Math.Max(1, to - limit + 1);
        return to < 1 ? (1, 0) : (from, to);
    }
}
