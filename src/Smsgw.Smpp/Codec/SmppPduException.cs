namespace Smsgw.Smpp.Codec;

/// <summary>
/// A PDU that cannot be decoded. <see cref="CommandStatus"/> is the status to answer it with; the session writes
/// the matching <c>_resp</c> (or <c>generic_nack</c> for an unknown command id) and goes on.
/// </summary>
public sealed class SmppPduException : Exception
{
    /// <summary>Creates the exception with <see cref="CommandStatus.UnknownError"/>.</summary>
    public SmppPduException()
        : this(CommandStatus.UnknownError, null, "Malformed SMPP PDU.")
    {
    }

    /// <summary>Creates the exception with <see cref="CommandStatus.UnknownError"/>.</summary>
    /// <param name="message">The message.</param>
    public SmppPduException(string message)
        : this(CommandStatus.UnknownError, null, message)
    {
    }

    /// <summary>Creates the exception with <see cref="CommandStatus.UnknownError"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SmppPduException(string message, Exception innerException)
        : base(message, innerException)
    {
        CommandStatus = CommandStatus.UnknownError;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="commandStatus">The status to answer with.</param>
    /// <param name="header">The header of the offending PDU, when it could be read.</param>
    /// <param name="message">What is wrong.</param>
    public SmppPduException(CommandStatus commandStatus, PduHeader? header, string message)
        : base(message)
    {
        CommandStatus = commandStatus;
        Header = header;
    }

    /// <summary>The status to answer the PDU with.</summary>
    public CommandStatus CommandStatus { get; }

    /// <summary>The header of the offending PDU, when it could be read.</summary>
    public PduHeader? Header { get; }
}
