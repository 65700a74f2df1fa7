namespace Smsgw.Smpp.Sessions;

/// <summary>A request that did not get its response: the base of <see cref="SmppResponseTimeoutException"/> and <see cref="SmppSessionClosedException"/>.</summary>
public class SmppException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SmppException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    public SmppException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public SmppException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
