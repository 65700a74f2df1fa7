namespace Smsgw.Carriers.Smpp;

/// <summary>How a connection binds: one transceiver session, or a transmitter and a receiver session.</summary>
public enum SmppConnectionBindMode
{
    Transceiver,
    TransmitterAndReceiver,
}
