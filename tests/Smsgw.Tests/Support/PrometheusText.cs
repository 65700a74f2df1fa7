using System.Globalization;

namespace Smsgw.Tests.Support;

/// <summary>Reads samples out of the Prometheus text <c>/metrics</c> serves.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The sum of the samples of every series whose line starts with <paramref name="name"/> and, when given, contains
    /// <paramref name="label"/> (e.g. <c>match="unmatched"</c>); 0 when there is none.
    /// </summary>
    public static double Sum(string prometheusText, string name, string? label = null) => prometheusText.Split('\n')
        .Where(line => line.StartsWith(name, StringComparison.Ordinal) && (label is null || line.Contains(label, StringComparison.Ordinal)))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
