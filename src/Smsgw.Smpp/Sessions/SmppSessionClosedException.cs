namespace Smsgw.Smpp.Sessions;

/// <summary>The session broke or closed before the response came (or before the request could be sent).</summary>
public sealed class SmppSessionClosedException : SmppException
{
    /// <summary>Creates the exception.</summary>
    public SmppSessionClosedException()
        : base("The SMPP session is closed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the session closed.</param>
    public SmppSessionClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the session closed.</param>
    /// <param name="innerException">The cause.</param>
    public SmppSessionClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
