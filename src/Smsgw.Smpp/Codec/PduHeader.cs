using System.Buffers.Binary;

namespace Smsgw.Smpp.Codec;

/// <summary>The 16-octet header every SMPP PDU starts with (SMPP 3.4 §3.2), all fields big-endian.</summary>
/// <param name="CommandLength">Octets of the whole PDU, header included.</param>
/// <param name="CommandId">The operation.</param>
/// <param name="CommandStatus">Outcome of a request; zero in requests.</param>
/// <param name="SequenceNumber">Correlates a response with its request; 1..0x7FFFFFFF.</param>
public readonly record struct PduHeader(uint CommandLength, CommandId CommandId, CommandStatus CommandStatus, uint SequenceNumber)
{
    /// <summary>Octets of the header.</summary>
    public const int Length = 16;

    /// <summary>Whether <see cref="CommandId"/> is a response (bit 31 set), <c>generic_nack</c> included.</summary>
    public bool IsResponse => IsResponseId(CommandId);

    /// <summary>Reads a header from the first 16 octets of <paramref name="source"/>.</summary>
    /// <param name="source">At least 16 octets.</param>
    /// <returns>The header.</returns>
    public static PduHeader Read(ReadOnlySpan<byte> source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(source.Length, Length, nameof(source));
        return new PduHeader(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            (CommandId)BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            (CommandStatus)BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]));
    }

    /// <summary>Writes the header into the first 16 octets of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 16 octets.</param>
    public void Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length, nameof(destination));
        BinaryPrimitives.WriteUInt32BigEndian(destination, CommandLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)CommandId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], (uint)CommandStatus);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], SequenceNumber);
    }

    /// <summary>Whether <paramref name="commandId"/> is a response id (bit 31 set).</summary>
    /// <param name="commandId">The command id.</param>
    /// <returns>True for responses and <c>generic_nack</c>.</returns>
    public static bool IsResponseId(CommandId commandId) => ((uint)commandId & 0x80000000) != 0;
}
