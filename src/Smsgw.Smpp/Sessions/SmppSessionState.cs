namespace Smsgw.Smpp.Sessions;

/// <summary>The states of an SMPP session (SMPP 3.4 §2.2). <see cref="SmppSessionStateTable"/> says what each accepts.</summary>
public enum SmppSessionState
{
    /// <summary>No connection: not started yet, or broken/closed for good.</summary>
    Closed = 0,

    /// <summary>An ESME is opening the TCP connection.</summary>
    Connecting = 1,

    /// <summary>Connected, not bound: only binds (and <c>enquire_link</c>, <c>outbind</c>) are accepted.</summary>
    Open = 2,

    /// <summary>A bind is in flight: sent by this ESME, or received by this SMSC and being authenticated.</summary>
    Binding = 3,

    /// <summary>Bound as transmitter: the ESME submits; the SMSC delivers nothing.</summary>
    BoundTx = 4,

    /// <summary>Bound as receiver: the SMSC delivers; the ESME submits nothing.</summary>
    BoundRx = 5,

    /// <summary>Bound as transceiver: both directions.</summary>
    BoundTrx = 6,

    /// <summary>An <c>unbind</c> was sent or received; the session closes once it is answered.</summary>
    Unbinding = 7,
}
