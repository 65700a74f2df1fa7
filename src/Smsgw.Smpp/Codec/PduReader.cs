using System.Buffers.Binary;
using System.Text;

namespace Smsgw.Smpp.Codec;

/// <summary>
/// Reads a PDU body field by field, in spec order. Every shortfall throws <see cref="SmppPduException"/> with the
/// status the session answers: a missing field is <c>ESME_RINVCMDLEN</c>, a C-octet string without its NUL within
/// the field's maximum (or before the body ends) is the field's own status.
/// </summary>
internal ref struct PduReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly PduHeader _header;
    private int _position;

    public PduReader(ReadOnlySpan<byte> body, PduHeader header)
    {
        _body = body;
        _header = header;
        _position = 0;
    }

    public readonly int Remaining => _body.Length - _position;

    public readonly bool End => _position == _body.Length;

    public readonly PduHeader Header => _header;

    public byte ReadByte()
    {
        if (Remaining < 1)
        {
            throw Fail(CommandStatus.InvalidCommandLength, "the body ends before a 1-octet field");
        }

        return _body[_position++];
    }

    public uint ReadUInt32()
    {
        if (Remaining < 4)
        {
            throw Fail(CommandStatus.InvalidCommandLength, "the body ends before a 4-octet field");
        }

        var value = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>A C-octet string of at most <paramref name="maxLength"/> octets, its NUL included.</summary>
    public string ReadCString(int maxLength, CommandStatus status)
    {
        if (Remaining == 0)
        {
            throw Fail(CommandStatus.InvalidCommandLength, "the body ends before a C-octet string field");
        }

        var window = _body.Slice(_position, Math.Min(maxLength, Remaining));
        var nul = window.IndexOf((byte)0);
        if (nul < 0)
        {
            throw Fail(status, $"a C-octet string has no NUL within {maxLength} octets");
        }

        _position += nul + 1;
        return nul == 0 ? string.Empty : Encoding.Latin1.GetString(window[..nul]);
    }

    /// <summary>A time field (SMPP 3.4 §7.1): empty, or 16 characters and the NUL.</summary>
    public string ReadTime(CommandStatus status)
    {
        var value = ReadCString(17, status);
        if (value.Length is not (0 or 16))
        {
            throw Fail(status, "a time field is neither empty nor 16 characters");
        }

        return value;
    }

    /// <summary><c>sm_length</c> then <c>short_message</c> (0..254 octets).</summary>
    public ReadOnlyMemory<byte> ReadShortMessage()
    {
        var length = ReadByte();
        if (length > SmppLimits.MaxShortMessageLength || length > Remaining)
        {
            throw Fail(CommandStatus.InvalidMessageLength, $"sm_length {length} exceeds 254 or the body");
        }

        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var value = _body.Slice(_position, length).ToArray();
        _position += length;
        return value;
    }

    /// <summary>The optional part: TLVs to the end of the body, kept in order, unknown tags included.</summary>
    public IReadOnlyList<Tlv> ReadTlvs()
    {
        if (End)
        {
            return [];
        }

        var tlvs = new List<Tlv>();
        while (!End)
        {
            if (Remaining < Tlv.HeaderLength)
            {
                throw Fail(CommandStatus.InvalidOptionalParameterStream, "the optional part ends inside a TLV header");
            }

            var tag = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(_body[(_position + 2)..]);
            _position += Tlv.HeaderLength;
            if (length > Remaining)
            {
                throw Fail(CommandStatus.InvalidParameterLength, $"TLV 0x{tag:X4} length {length} exceeds the body");
            }

            var fixedLength = TlvTag.GetFixedLength(tag);
            if (fixedLength >= 0 && length != fixedLength)
            {
                throw Fail(CommandStatus.InvalidParameterLength, $"TLV 0x{tag:X4} has length {length}, not {fixedLength}");
            }

            tlvs.Add(new Tlv(tag, _body.Slice(_position, length).ToArray()));
            _position += length;
        }

        return tlvs;
    }

    /// <summary>Octets after the mandatory fields of a PDU that has no optional part: ignored, as peers add them.</summary>
    public void SkipRest() => _position = _body.Length;

    private readonly SmppPduException Fail(CommandStatus status, string what) =>
        new(status, _header, $"Malformed {_header.CommandId} (sequence {_header.SequenceNumber}): {what}.");
}
