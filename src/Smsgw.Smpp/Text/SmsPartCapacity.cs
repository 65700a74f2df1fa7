namespace Smsgw.Smpp.Text;

/// <summary>
/// How much text fits in one short message: the single source of these numbers for segmentation,
/// part counting and pricing.
/// </summary>
/// <remarks>
/// The TP-User-Data field holds 140 octets (3GPP TS 23.040 §9.2.3.24). A concatenated part gives up
/// the user data header to the concatenation IE: 6 octets with an 8-bit reference, 7 with a 16-bit
/// one. GSM 7-bit text is packed, so 140 octets hold 160 septets; after a 6-octet UDH plus one fill
/// bit 153 septets remain, after a 7-octet UDH 152. UCS-2 units are two octets each.
/// </remarks>
public static class SmsPartCapacity
{
    /// <summary>Most parts a concatenated message can have: the total is one octet in the UDH.</summary>
    public const int MaxParts = 255;

    /// <summary>Septets in a single-part GSM 7-bit message.</summary>
    public const int Gsm7Single = 160;

    /// <summary>Septets per part of a concatenated GSM 7-bit message with an 8-bit reference UDH.</summary>
    public const int Gsm7PerPart = 153;

    /// <summary>Septets per part of a concatenated GSM 7-bit message with a 16-bit reference UDH.</summary>
    public const int Gsm7PerPart16BitReference = 152;

    /// <summary>UTF-16 code units in a single-part UCS-2 message.</summary>
    public const int Ucs2Single = 70;

    /// <summary>UTF-16 code units per part of a concatenated UCS-2 message with an 8-bit reference UDH.</summary>
    public const int Ucs2PerPart = 67;

    /// <summary>UTF-16 code units per part of a concatenated UCS-2 message with a 16-bit reference UDH.</summary>
    public const int Ucs2PerPart16BitReference = 66;

    /// <summary>Octets in a single-part 8-bit (or Latin-1) message.</summary>
    public const int OctetSingle = 140;

    /// <summary>Octets per part of a concatenated 8-bit (or Latin-1) message with an 8-bit reference UDH.</summary>
    public const int OctetPerPart = 134;

    /// <summary>Octets per part of a concatenated 8-bit (or Latin-1) message with a 16-bit reference UDH.</summary>
    public const int OctetPerPart16BitReference = 133;

    /// <summary>Units (septets, UTF-16 code units or octets) that fit in a message sent as one part.</summary>
    /// <param name="encoding">The encoding of the text.</param>
    /// <returns>160, 70 or 140.</returns>
    public static int Single(SmsEncoding encoding) => encoding switch
    {
        SmsEncoding.Gsm7 => Gsm7Single,
        SmsEncoding.Ucs2 => Ucs2Single,
        SmsEncoding.Latin1 => OctetSingle,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
    };

    /// <summary>Units (septets, UTF-16 code units or octets) that fit in each part of a concatenated message.</summary>
    /// <param name="encoding">The encoding of the text.</param>
    /// <param name="reference">The size of the concatenation reference, which sets the UDH length.</param>
    /// <returns>153, 67 or 134 with an 8-bit reference; 152, 66 or 133 with a 16-bit one.</returns>
    public static int PerPart(SmsEncoding encoding, ConcatenationReference reference = ConcatenationReference.EightBit)
    {
        var sixteen = reference switch
        {
            ConcatenationReference.EightBit => false,
            ConcatenationReference.SixteenBit => true,
            _ => throw new ArgumentOutOfRangeException(nameof(reference), reference, null),
        };
        return encoding switch
        {
            SmsEncoding.Gsm7 => sixteen ? Gsm7PerPart16BitReference : Gsm7PerPart,
            SmsEncoding.Ucs2 => sixteen ? Ucs2PerPart16BitReference : Ucs2PerPart,
            SmsEncoding.Latin1 => sixteen ? OctetPerPart16BitReference : OctetPerPart,
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
        };
    }
}
