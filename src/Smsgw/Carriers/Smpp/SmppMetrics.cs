using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Smsgw.Hosting;

namespace Smsgw.Carriers.Smpp;

/// <summary>How often each SMSC throttles the gateway, and the pace its connection keeps because of it.</summary>
internal sealed class SmppMetrics
{
    private readonly Counter<long> _throttled;
    private readonly ConcurrentDictionary<string, Func<double>> _paces = new();

    public SmppMetrics(SmsgwMeter meter)
    {
        _throttled = meter.Meter.CreateCounter<long>("smsgw.smpp.throttled", "{submit}",
            "Submits the SMSC answered ESME_RTHROTTLED or ESME_RMSGQFUL, by carrier and status");
        meter.Meter.CreateObservableGauge("smsgw.smpp.pace", () => _paces.Select(p => new Measurement<double>(p.Value(), new KeyValuePair<string, object?>("carrier", p.Key))),
            "{submit}/s", "Submits a second a throttled connection keeps to (0: never throttled, its window alone paces it)");
    }

    public void Throttled(string carrier, bool queueFull) => _throttled.Add(1,
        new KeyValuePair<string, object?>("carrier", carrier),
        new KeyValuePair<string, object?>("status", queueFull ? "ESME_RMSGQFUL" : "ESME_RTHROTTLED"));

    /// <summary>Reports <paramref name="pace"/> as the connection's pace from now on.</summary>
    public void ObservePace(string carrier, Func<double> pace) => _paces[carrier] = pace;
}
