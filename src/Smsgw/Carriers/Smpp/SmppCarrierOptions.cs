namespace Smsgw.Carriers.Smpp;

/// <summary>The SMPP connections to SMSCs. Bound from <c>Smsgw:Smpp</c>; each connection is a carrier named by it.</summary>
public sealed class SmppCarrierOptions
{
    public const string Section = "Smsgw:Smpp";

    /// <summary><c>Smsgw:Smpp:Connections:&lt;i&gt;:…</c>, one carrier each.</summary>
    public List<SmppConnectionOptions> Connections { get; set; } = [];

    /// <summary>How long the parts of a concatenated inbound message wait for the missing ones before what came is stored.</summary>
    public TimeSpan InboundPartsTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
