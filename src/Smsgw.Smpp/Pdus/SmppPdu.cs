using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// An SMPP 3.4 PDU: the header fields plus the body its subclass lays out in spec order. The set of PDUs is
/// closed: every subclass lives in this folder, one per file.
/// </summary>
public abstract class SmppPdu
{
    private protected SmppPdu()
    {
    }

    /// <summary>The operation (<c>command_id</c>).</summary>
    public abstract CommandId CommandId { get; }

    /// <summary>The outcome in a response (<c>command_status</c>); <see cref="CommandStatus.Ok"/> in requests.</summary>
    public CommandStatus CommandStatus { get; set; }

    /// <summary>The <c>sequence_number</c>; a session assigns it to the requests it sends.</summary>
    public uint SequenceNumber { get; set; }

    /// <summary>Whether this is a response (bit 31 of the command id set), <c>generic_nack</c> included.</summary>
    public bool IsResponse => PduHeader.IsResponseId(CommandId);

    /// <summary>The exact <c>command_length</c>: 16 header octets plus the body.</summary>
    /// <returns>Octets <see cref="Write"/> writes.</returns>
    /// <exception cref="ArgumentException">A field does not fit its spec maximum.</exception>
    public int GetLength() => PduHeader.Length + GetBodyLength();

    /// <summary>Writes header and body.</summary>
    /// <param name="destination">At least <see cref="GetLength"/> octets.</param>
    /// <returns>Octets written.</returns>
    /// <exception cref="ArgumentException">A field does not fit, or <paramref name="destination"/> is too short.</exception>
    public int Write(Span<byte> destination) => WriteCore(destination, GetLength());

    /// <summary>Writes header and body once the exact length is known (the encoder computes it once).</summary>
    internal int WriteCore(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException($"The PDU takes {length} octets; the destination holds {destination.Length}.", nameof(destination));
        }

        new PduHeader((uint)length, CommandId, CommandStatus, SequenceNumber).Write(destination);
        var writer = new PduWriter(destination[PduHeader.Length..length]);
        WriteBody(ref writer);
        if (writer.Position != length - PduHeader.Length)
        {
            throw new InvalidOperationException($"{CommandId} wrote {writer.Position} body octets but counted {length - PduHeader.Length}.");
        }

        return length;
    }

    /// <summary>
    /// The response to this request carrying <paramref name="status"/> and this sequence number, its other fields
    /// empty; null for PDUs that have no response (responses, <c>outbind</c>, <c>alert_notification</c>).
    /// </summary>
    /// <param name="status">The <c>command_status</c> of the response.</param>
    /// <returns>The response, or null.</returns>
    public virtual SmppPdu? CreateResponse(CommandStatus status) => null;

    /// <inheritdoc />
    public override string ToString() => $"{CommandId} seq={SequenceNumber} status={CommandStatus}";

    /// <summary>Octets of the body, summed field by field in spec order.</summary>
    internal abstract int GetBodyLength();

    /// <summary>Writes the body in spec order.</summary>
    internal abstract void WriteBody(ref PduWriter writer);
}
