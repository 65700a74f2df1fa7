using System.Buffers.Binary;
using System.Text;

namespace Smsgw.Smpp.Codec;

/// <summary>
/// One optional parameter (SMPP 3.4 §3.2.4, §5.3): a 2-octet tag, a 2-octet length and the value octets.
/// Tags this library does not know are kept, in order, and written back unchanged.
/// </summary>
public readonly struct Tlv : IEquatable<Tlv>
{
    /// <summary>Octets of the tag and length fields.</summary>
    public const int HeaderLength = 4;

    /// <summary>Creates a TLV.</summary>
    /// <param name="tag">The tag, see <see cref="TlvTag"/>.</param>
    /// <param name="value">The value octets, at most 65535.</param>
    public Tlv(ushort tag, ReadOnlyMemory<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, ushort.MaxValue, nameof(value));
        Tag = tag;
        Value = value;
    }

    /// <summary>The parameter tag.</summary>
    public ushort Tag { get; }

    /// <summary>The value octets.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Octets this TLV takes on the wire.</summary>
    public int Length => HeaderLength + Value.Length;

    /// <summary>A TLV holding one octet.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    /// <returns>The TLV.</returns>
    public static Tlv FromByte(ushort tag, byte value) => new(tag, new[] { value });

    /// <summary>A TLV holding a big-endian 2-octet integer.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    /// <returns>The TLV.</returns>
    public static Tlv FromUInt16(ushort tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return new Tlv(tag, bytes);
    }

    /// <summary>A TLV holding a big-endian 4-octet integer.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    /// <returns>The TLV.</returns>
    public static Tlv FromUInt32(ushort tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new Tlv(tag, bytes);
    }

    /// <summary>A TLV holding a C-octet string: the text's octets and a terminating NUL (e.g. <c>receipted_message_id</c>).</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">ASCII text.</param>
    /// <returns>The TLV.</returns>
    public static Tlv FromCString(ushort tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Length + 1];
        Encoding.Latin1.GetBytes(value, bytes);
        return new Tlv(tag, bytes);
    }

    /// <summary>The value as one octet.</summary>
    /// <returns>The octet.</returns>
    /// <exception cref="InvalidOperationException">The value is not one octet long.</exception>
    public byte GetByte() => Value.Length == 1 ? Value.Span[0] : throw WrongLength(1);

    /// <summary>The value as a big-endian 2-octet integer.</summary>
    /// <returns>The integer.</returns>
    /// <exception cref="InvalidOperationException">The value is not two octets long.</exception>
    public ushort GetUInt16() => Value.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(Value.Span) : throw WrongLength(2);

    /// <summary>The value as a big-endian 4-octet integer.</summary>
    /// <returns>The integer.</returns>
    /// <exception cref="InvalidOperationException">The value is not four octets long.</exception>
    public uint GetUInt32() => Value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(Value.Span) : throw WrongLength(4);

    /// <summary>The value as text, up to the first NUL (or the whole value when it has none).</summary>
    /// <returns>The text.</returns>
    public string GetCString()
    {
        var span = Value.Span;
        var end = span.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? span : span[..end]);
    }

    /// <summary>Finds the first TLV with <paramref name="tag"/>.</summary>
    /// <param name="tlvs">The optional parameters of a PDU.</param>
    /// <param name="tag">The tag to look for.</param>
    /// <param name="tlv">The TLV found.</param>
    /// <returns>Whether one was found.</returns>
    public static bool TryFind(IReadOnlyList<Tlv> tlvs, ushort tag, out Tlv tlv)
    {
        ArgumentNullException.ThrowIfNull(tlvs);
        for (var i = 0; i < tlvs.Count; i++)
        {
            if (tlvs[i].Tag == tag)
            {
                tlv = tlvs[i];
                return true;
            }
        }

        tlv = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(Tlv other) => Tag == other.Tag && Value.Span.SequenceEqual(other.Value.Span);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Tlv other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Tag);
        hash.AddBytes(Value.Span);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => $"0x{Tag:X4}={Convert.ToHexString(Value.Span)}";

    /// <summary>Compares two TLVs by tag and value octets.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(Tlv left, Tlv right) => left.Equals(right);

    /// <summary>Compares two TLVs by tag and value octets.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(Tlv left, Tlv right) => !left.Equals(right);

    private InvalidOperationException WrongLength(int expected) =>
        new($"TLV 0x{Tag:X4} has {Value.Length} value octets, not {expected}.");
}
