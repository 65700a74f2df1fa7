using Smsgw.Carriers.Simulator;

namespace Smsgw.Carriers.Smpp;

/// <summary>Checks <c>Smsgw:Smpp</c> at start, so a bad setting fails then and not at the first message.</summary>
internal static class SmppOptionsValidation
{
    /// <summary>A hold longer than this is a misconfiguration, and the submit queue's timer cannot wait past ~49 days.</summary>
    private static readonly TimeSpan MaxThrottleDelay = TimeSpan.FromHours(1);

    /// <summary>The first problem, or null.</summary>
    public static string? Validate(SmppCarrierOptions options)
    {
        if (options.InboundPartsTimeout <= TimeSpan.Zero)
        {
            return "Smsgw:Smpp:InboundPartsTimeout must be positive";
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { SimulatorCarrier.CarrierName };
        for (var i = 0; i < options.Connections.Count; i++)
        {
            var c = options.Connections[i];
            var key = $"Smsgw:Smpp:Connections:{i}";
            var problem = c switch
            {
                { Name.Length: 0 } => "Name is required",
                _ when !names.Add(c.Name) => $"Name '{c.Name}' is already taken",
                { Host.Length: 0 } => "Host is required",
                { Port: < 1 or > 65535 } => "Port must be 1..65535",
                { SystemId.Length: > 15 } => "SystemId is at most 15 characters",
                { Password.Length: > 8 } => "Password is at most 8 characters",
                { SystemType.Length: > 12 } => "SystemType is at most 12 characters",
                { Binds: < 1 } => "Binds must be at least 1",
                { WindowSize: < 1 } => "WindowSize must be at least 1",
                { MaxSubmitsPerSecond: < 0 } => "MaxSubmitsPerSecond must not be negative",
                _ when c.ReconnectDelay <= TimeSpan.Zero || c.MaxReconnectDelay < c.ReconnectDelay => "ReconnectDelay must be positive and at most MaxReconnectDelay",
                _ when c.ResponseTimeout <= TimeSpan.Zero => "ResponseTimeout must be positive",
                _ when c.ThrottleDelay < TimeSpan.Zero || c.ThrottleDelay > MaxThrottleDelay => "ThrottleDelay must be 0..01:00:00",
                // A standard tag means something else (user_message_reference is the handset's 8-bit TP-MR): merging by it would drop real messages.
                { MoMessageIdTlv: < 0x1400 or > 0x3FFF } => "MoMessageIdTlv must be a vendor-specific tag, 0x1400..0x3FFF",
                _ => null,
            };
            if (problem is not null)
            {
                return $"{key}: {problem}";
            }
        }
        return null;
    }
}
