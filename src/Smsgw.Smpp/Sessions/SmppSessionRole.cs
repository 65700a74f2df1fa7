namespace Smsgw.Smpp.Sessions;

/// <summary>Which end of the link a session is; the codec is the same for both.</summary>
public enum SmppSessionRole
{
    /// <summary>The External Short Message Entity: connects, binds, submits, receives <c>deliver_sm</c>.</summary>
    Esme = 0,

    /// <summary>The Short Message Service Centre: accepts connections, authenticates binds, takes submits, delivers.</summary>
    Smsc = 1,
}
