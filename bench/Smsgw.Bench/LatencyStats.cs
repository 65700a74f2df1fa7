using System.Diagnostics;

namespace Smsgw.Bench;

/// <summary>Percentiles of latencies recorded as <see cref="Stopwatch"/> ticks.</summary>
internal sealed class LatencyStats
{
    private readonly double[] _milliseconds;

    public LatencyStats(IEnumerable<long> ticks)
    {
        _milliseconds = ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(_milliseconds);
    }

    public int Count => _milliseconds.Length;

    public double Median => Percentile(50);

    public double P99 => Percentile(99);

    public double Max => _milliseconds.Length == 0 ? double.NaN : _milliseconds[^1];

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (_milliseconds.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p / 100 * _milliseconds.Length);
        return _milliseconds[Math.Clamp(rank - 1, 0, _milliseconds.Length - 1)];
    }

    public override string ToString() => $"p50 {Median:F2} ms, p99 {P99:F2} ms, max {Max:F2} ms";
}
