using System.Diagnostics.Metrics;
using Smsgw.Hosting;
using Smsgw.Storage;

namespace Smsgw.Outbound;

internal sealed class OutboundMetrics(SmsgwMeter meter)
{
    private readonly Counter<long> _outcomes = meter.Meter.CreateCounter<long>("smsgw.dispatch.outcomes", "{message}",
        "Dispatch outcomes by carrier and outcome (submitted, failed, retry)");

    public void Record(DispatchOutcome outcome) => _outcomes.Add(1,
        new KeyValuePair<string, object?>("carrier", outcome switch
        {
            DispatchOutcome.Submitted submitted => submitted.Carrier,
            DispatchOutcome.Failed { Carrier: { } carrier } => carrier,
            _ => "none",
        }),
        new KeyValuePair<string, object?>("outcome", outcome switch
        {
            DispatchOutcome.Submitted => "submitted",
            DispatchOutcome.Retry => "retry",
            _ => "failed",
        }));
}
