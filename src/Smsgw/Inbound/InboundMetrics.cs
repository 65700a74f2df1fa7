using System.Diagnostics.Metrics;
using Smsgw.Hosting;
using Smsgw.Storage;

namespace Smsgw.Inbound;

internal sealed class InboundMetrics(SmsgwMeter meter)
{
    private readonly Counter<long> _receipts = meter.Meter.CreateCounter<long>("smsgw.receipts", "{receipt}",
        "Delivery receipts by carrier and match (applied, already_applied, unmatched)");
    private readonly Counter<long> _inbound = meter.Meter.CreateCounter<long>("smsgw.inbound.messages", "{message}", "Inbound messages stored");

    public void Receipt(string carrier, ReceiptMatch match) => _receipts.Add(1,
        new KeyValuePair<string, object?>("carrier", carrier),
        new KeyValuePair<string, object?>("match", match switch
        {
            ReceiptMatch.Applied => "applied",
            ReceiptMatch.AlreadyApplied => "already_applied",
            _ => "unmatched",
        }));

    public void InboundStored() => _inbound.Add(1);
}
