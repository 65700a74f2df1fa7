using System.Buffers;
using System.Buffers.Binary;

namespace Smsgw.Smpp.Codec;

/// <summary>Cuts whole PDUs out of a byte stream by their <c>command_length</c> (SMPP 3.4 §3.2).</summary>
public static class SmppFrameReader
{
    /// <summary>
    /// Takes the first whole PDU off <paramref name="buffer"/>. The 4-octet <c>command_length</c> is checked as
    /// soon as it is there, before the body arrives.
    /// </summary>
    /// <param name="buffer">Input; on success it is advanced past the frame, otherwise left untouched.</param>
    /// <param name="maxPduLength">The largest <c>command_length</c> accepted.</param>
    /// <param name="frame">The PDU, header included, when the method returns true.</param>
    /// <param name="error"><see cref="FrameError.InvalidCommandLength"/> when framing is lost, else none.</param>
    /// <returns>True when a frame was read; false when more input is needed or <paramref name="error"/> is set.</returns>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxPduLength, out ReadOnlySequence<byte> frame, out FrameError error)
    {
        frame = default;
        error = FrameError.None;
        if (buffer.Length < sizeof(uint))
        {
            return false;
        }

        uint commandLength;
        var first = buffer.FirstSpan;
        if (first.Length >= sizeof(uint))
        {
            commandLength = BinaryPrimitives.ReadUInt32BigEndian(first);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[sizeof(uint)];
            buffer.Slice(0, sizeof(uint)).CopyTo(prefix);
            commandLength = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        }

        if (commandLength < PduHeader.Length || commandLength > (uint)maxPduLength)
        {
            error = FrameError.InvalidCommandLength;
            return false;
        }

        if (buffer.Length < commandLength)
        {
            return false;
        }

        frame = buffer.Slice(0, commandLength);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>
    /// The sequence number of the PDU at the start of <paramref name="buffer"/> when its first 16 octets are there,
    /// so a <c>generic_nack</c> for a bad <c>command_length</c> can echo it; otherwise 0.
    /// </summary>
    /// <param name="buffer">Input starting at a PDU.</param>
    /// <returns>The sequence number or 0.</returns>
    public static uint PeekSequenceNumber(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < PduHeader.Length)
        {
            return 0;
        }

        Span<byte> header = stackalloc byte[PduHeader.Length];
        buffer.Slice(0, PduHeader.Length).CopyTo(header);
        return BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
    }
}
