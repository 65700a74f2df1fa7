namespace Smsgw.Smpp.Text;

/// <summary>
/// Size of the reference number in the concatenation information element of the user data header
/// (3GPP TS 23.040 §9.2.3.24.1 and §9.2.3.24.8).
/// </summary>
public enum ConcatenationReference
{
    /// <summary>IEI 0x00, 8-bit reference: a 6-octet UDH <c>05 00 03 ref total seq</c>.</summary>
    EightBit,

    /// <summary>IEI 0x08, 16-bit reference: a 7-octet UDH <c>06 08 04 refHi refLo total seq</c>.</summary>
    SixteenBit,
}
