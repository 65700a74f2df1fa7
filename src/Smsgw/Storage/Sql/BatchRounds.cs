namespace Smsgw.Storage.Sql;

/// <summary>
/// Splits a batch into rounds in which no key appears twice, each key's items in their order (its n-th item in the
/// n-th round): one set-based statement per round then gives what running the items one by one would. Almost every
/// batch is one round.
/// </summary>
internal static class BatchRounds
{
    public static List<List<T>> Split<T, TKey>(IEnumerable<T> items, Func<T, TKey> key)
        where TKey : notnull
    {
        var rounds = new List<List<T>>();
        var seen = new Dictionary<TKey, int>();
        foreach (var item in items)
        {
            var round = seen[key(item)] = seen.GetValueOrDefault(key(item)) + 1;
            if (rounds.Count < round)
            {
                rounds.Add([]);
            }
            rounds[round - 1].Add(item);
        }
        return rounds;
    }
}
