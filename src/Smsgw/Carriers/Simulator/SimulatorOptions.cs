namespace Smsgw.Carriers.Simulator;

/// <summary>The built-in simulator carrier. Bound from <c>Smsgw:Simulator</c>.</summary>
public sealed class SimulatorOptions
{
    public const string Section = "Smsgw:Simulator";

    /// <summary>On by default so the gateway works out of the box; also enables <c>POST /v1/simulator/inbound</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after accepting a part its receipt arrives (BUFFERED comes after one delay, DELIVERED after two).</summary>
    public TimeSpan ReceiptDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>What the handset answers to a number ending in 0009.</summary>
    public string ReplyText { get; set; } = "Got it, thanks!";
}
