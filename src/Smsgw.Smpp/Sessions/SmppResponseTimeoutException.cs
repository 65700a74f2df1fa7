namespace Smsgw.Smpp.Sessions;

/// <summary>No response came within <see cref="SmppSessionOptions.ResponseTimeout"/>; the outcome of the request is unknown.</summary>
public sealed class SmppResponseTimeoutException : SmppException
{
    /// <summary>Creates the exception.</summary>
    public SmppResponseTimeoutException()
        : base("The SMPP response timed out.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    public SmppResponseTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What timed out.</param>
    /// <param name="innerException">The cause.</param>
    public SmppResponseTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
