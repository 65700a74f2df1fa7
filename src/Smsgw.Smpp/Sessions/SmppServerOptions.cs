namespace Smsgw.Smpp.Sessions;

/// <summary>How the SMSC role answers binds and runs its sessions.</summary>
public sealed class SmppServerOptions
{
    /// <summary>The <c>system_id</c> sent in bind responses, at most 15 characters.</summary>
    public string SystemId { get; set; } = "smsgw";

    /// <summary>Window, timeouts and keep-alive of every session.</summary>
    public SmppSessionOptions Session { get; set; } = new();
}
