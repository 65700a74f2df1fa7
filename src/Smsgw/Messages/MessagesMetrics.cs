using System.Diagnostics.Metrics;
using Smsgw.Hosting;

namespace Smsgw.Messages;

internal sealed class MessagesMetrics(SmsgwMeter meter)
{
    private readonly Counter<long> _accepted = meter.Meter.CreateCounter<long>("smsgw.messages.accepted", "{message}", "Messages durably accepted by POST /v1/message/send");
    private readonly Counter<long> _refused = meter.Meter.CreateCounter<long>("smsgw.messages.refused", "{request}", "Send requests refused, by reason");

    public void Accepted(int count) => _accepted.Add(count);

    public void Refused(SendRejection reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
}
