namespace Smsgw.Smpp.Sessions;

/// <summary>How an ESME binds (SMPP 3.4 §4.1).</summary>
public enum SmppBindMode
{
    /// <summary><c>bind_transmitter</c>: submit only.</summary>
    Transmitter = 0,

    /// <summary><c>bind_receiver</c>: receive <c>deliver_sm</c> only.</summary>
    Receiver = 1,

    /// <summary><c>bind_transceiver</c>: both.</summary>
    Transceiver = 2,
}
