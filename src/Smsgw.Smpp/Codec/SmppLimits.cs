using System.Text;

namespace Smsgw.Smpp.Codec;

/// <summary>Field sizes of SMPP 3.4 (§4, §5.2) and the length of a field as the encoder will write it.</summary>
public static class SmppLimits
{
    /// <summary>The largest <c>short_message</c> (§5.2.22): 254 octets; longer content goes in <c>message_payload</c>.</summary>
    public const int MaxShortMessageLength = 254;

    /// <summary>Most destinations in one <c>submit_multi</c> (§4.5.1).</summary>
    public const int MaxNumberOfDestinations = 254;

    /// <summary>
    /// Octets a C-octet string field takes, its NUL included; throws when <paramref name="value"/> does not fit
    /// <paramref name="maxLength"/> (which counts the NUL, as the spec tables do) or holds a NUL.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="maxLength">The spec's maximum, NUL included.</param>
    /// <param name="field">The spec field name for the error.</param>
    /// <returns>The octets on the wire.</returns>
    public static int CString(string value, int maxLength, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length >= maxLength)
        {
            throw new ArgumentException($"{field} holds {value.Length} characters; at most {maxLength - 1} fit.", field);
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{field} contains a NUL character.", field);
        }

        return Encoding.Latin1.GetByteCount(value) + 1;
    }

    /// <summary>Octets a time field (§7.1) takes: 1 when empty, 17 for the 16-character form.</summary>
    /// <param name="value">Empty or 16 characters.</param>
    /// <param name="field">The spec field name for the error.</param>
    /// <returns>The octets on the wire.</returns>
    public static int Time(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (value.Length is not (0 or 16))
        {
            throw new ArgumentException($"{field} must be empty or 16 characters (SMPP 3.4 §7.1).", field);
        }

        return CString(value, 17, field);
    }

    /// <summary>Octets <c>sm_length</c> and <c>short_message</c> take.</summary>
    /// <param name="value">At most 254 octets.</param>
    /// <returns>The octets on the wire.</returns>
    public static int ShortMessage(ReadOnlyMemory<byte> value)
    {
        if (value.Length > MaxShortMessageLength)
        {
            throw new ArgumentException($"short_message holds {value.Length} octets; at most 254 fit (use message_payload).", "short_message");
        }

        return 1 + value.Length;
    }

    /// <summary>Octets the optional part takes.</summary>
    /// <param name="tlvs">The TLVs.</param>
    /// <returns>The octets on the wire.</returns>
    public static int Tlvs(IReadOnlyList<Tlv> tlvs)
    {
        ArgumentNullException.ThrowIfNull(tlvs);
        var length = 0;
        for (var i = 0; i < tlvs.Count; i++)
        {
            length += tlvs[i].Length;
        }

        return length;
    }
}
