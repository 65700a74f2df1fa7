using System.Buffers.Binary;
using System.Text;

namespace Smsgw.Smpp.Codec;

/// <summary>Writes a PDU body field by field into a span sized by the PDU's exact length.</summary>
internal ref struct PduWriter
{
    private readonly Span<byte> _destination;
    private int _position;

    public PduWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
    }

    public readonly int Position => _position;

    public void WriteByte(byte value) => _destination[_position++] = value;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_destination[_position..], value);
        _position += 4;
    }

    public void WriteCString(string value)
    {
        _position += Encoding.Latin1.GetBytes(value, _destination[_position..]);
        _destination[_position++] = 0;
    }

    public void WriteShortMessage(ReadOnlySpan<byte> value)
    {
        WriteByte((byte)value.Length);
        value.CopyTo(_destination[_position..]);
        _position += value.Length;
    }

    public void WriteTlvs(IReadOnlyList<Tlv> tlvs)
    {
        for (var i = 0; i < tlvs.Count; i++)
        {
            var tlv = tlvs[i];
            BinaryPrimitives.WriteUInt16BigEndian(_destination[_position..], tlv.Tag);
            BinaryPrimitives.WriteUInt16BigEndian(_destination[(_position + 2)..], (ushort)tlv.Value.Length);
            _position += Tlv.HeaderLength;
            tlv.Value.Span.CopyTo(_destination[_position..]);
            _position += tlv.Value.Length;
        }
    }
}
