namespace Smsgw.Smpp.Sessions;

/// <summary>Where an ESME connects and how it binds.</summary>
public sealed class SmppClientOptions
{
    /// <summary>The SMSC host name or address.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>The SMSC port; 2775 by convention.</summary>
    public int Port { get; set; } = 2775;

    /// <summary><c>system_id</c>, at most 15 characters.</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary><c>password</c>, at most 8 characters.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary><c>system_type</c>, at most 12 characters; often empty.</summary>
    public string SystemType { get; set; } = string.Empty;

    /// <summary>Transmitter, receiver or transceiver.</summary>
    public SmppBindMode BindMode { get; set; } = SmppBindMode.Transceiver;

    /// <summary><c>addr_ton</c> of the bind.</summary>
    public byte AddrTon { get; set; }

    /// <summary><c>addr_npi</c> of the bind.</summary>
    public byte AddrNpi { get; set; }

    /// <summary><c>address_range</c> of the bind, at most 40 characters.</summary>
    public string AddressRange { get; set; } = string.Empty;

    /// <summary>Window, timeouts and keep-alive of the session.</summary>
    public SmppSessionOptions Session { get; set; } = new();
}
