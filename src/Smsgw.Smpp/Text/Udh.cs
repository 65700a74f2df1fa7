namespace Smsgw.Smpp.Text;

/// <summary>
/// The user data header (3GPP TS 23.040 §9.2.3.24) as far as concatenation needs it: write the
/// concatenation header, find the concatenation element in a received one, and the fill bits GSM 7-bit
/// text needs after it.
/// </summary>
/// <remarks>
/// Every span here starts at the UDHL octet, i.e. the start of the short message when SMPP
/// <c>esm_class</c> has UDHI (0x40) set.
/// </remarks>
public static class Udh
{
    /// <summary>IEI of the concatenated short messages element with an 8-bit reference (TS 23.040 §9.2.3.24.1).</summary>
    public const byte ConcatenatedShortMessages8Bit = 0x00;

    /// <summary>IEI of the concatenated short messages element with a 16-bit reference (TS 23.040 §9.2.3.24.8).</summary>
    public const byte ConcatenatedShortMessages16Bit = 0x08;

    /// <summary>Octets of the whole concatenation UDH, UDHL included: 6 with an 8-bit reference, 7 with a 16-bit one.</summary>
    /// <param name="reference">The reference size.</param>
    /// <returns>6 or 7.</returns>
    public static int GetConcatenationLength(ConcatenationReference reference) => reference switch
    {
        ConcatenationReference.EightBit => 6,
        ConcatenationReference.SixteenBit => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(reference), reference, null),
    };

    /// <summary>
    /// Fill bits GSM 7-bit text needs after a UDH of <paramref name="udhLength"/> octets so the first
    /// septet starts on a septet boundary of the user data (TS 23.040 §9.2.3.24).
    /// </summary>
    /// <param name="udhLength">Octets of the UDH, UDHL included.</param>
    /// <returns>0..6; 1 for the 6-octet concatenation UDH, 0 for the 7-octet one.</returns>
    public static int GetFillBits(int udhLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(udhLength);
        return (7 - (udhLength * 8 % 7)) % 7;
    }

    /// <summary>
    /// Writes a UDH holding only the concatenation element: <c>05 00 03 ref total seq</c> or
    /// <c>06 08 04 refHi refLo total seq</c>.
    /// </summary>
    /// <param name="destination">Receives <see cref="GetConcatenationLength"/> bytes.</param>
    /// <param name="concatenation">The reference, total and sequence to write.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The reference does not fit its size, the total is outside 1..255, or the sequence outside 1..total.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public static int WriteConcatenation(Span<byte> destination, Concatenation concatenation)
    {
        var (size, reference, total, sequence) = concatenation;
        var length = GetConcatenationLength(size);
        ArgumentOutOfRangeException.ThrowIfNegative(reference, nameof(concatenation));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reference, size == ConcatenationReference.EightBit ? 0xFF : 0xFFFF, nameof(concatenation));
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1, nameof(concatenation));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, SmsPartCapacity.MaxParts, nameof(concatenation));
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1, nameof(concatenation));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, total, nameof(concatenation));
        if (destination.Length < length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        destination[0] = (byte)(length - 1);
        if (size == ConcatenationReference.EightBit)
        {
            destination[1] = ConcatenatedShortMessages8Bit;
            destination[2] = 3;
            destination[3] = (byte)reference;
        }
        else
        {
            destination[1] = ConcatenatedShortMessages16Bit;
            destination[2] = 4;
            destination[3] = (byte)(reference >> 8);
            destination[4] = (byte)reference;
        }

        destination[length - 2] = (byte)total;
        destination[length - 1] = (byte)sequence;
        return length;
    }

    /// <summary>Finds the concatenation element in the UDH at the start of <paramref name="userData"/>.</summary>
    /// <param name="userData">The user data, starting with UDHL; text after the header is ignored.</param>
    /// <param name="concatenation">The concatenation element found, or default.</param>
    /// <returns>
    /// <see langword="false"/> when the header is truncated or holds no valid concatenation element.
    /// </returns>
    /// <remarks>
    /// Per TS 23.040 §9.2.3.24.1 an element whose total or sequence is 0, or whose sequence exceeds
    /// the total, is ignored; per §9.2.3.24, of repeated elements the last one counts.
    /// </remarks>
    public static bool TryReadConcatenation(ReadOnlySpan<byte> userData, out Concatenation concatenation)
    {
        concatenation = default;
        if (userData.IsEmpty || userData[0] + 1 > userData.Length)
        {
            return false;
        }

        var elements = userData.Slice(1, userData[0]);
        Concatenation? last = null;
        while (!elements.IsEmpty)
        {
            if (elements.Length < 2 || 2 + elements[1] > elements.Length)
            {
                return false;
            }

            var data = elements.Slice(2, elements[1]);
            var element = (elements[0], data.Length) switch
            {
                (ConcatenatedShortMessages8Bit, 3) => Validate(ConcatenationReference.EightBit, data[0], data[1], data[2]),
                (ConcatenatedShortMessages16Bit, 4) => Validate(ConcatenationReference.SixteenBit, (data[0] << 8) | data[1], data[2], data[3]),
                _ => null,
            };
            last = element ?? last;
            elements = elements[(2 + data.Length)..];
        }

        concatenation = last.GetValueOrDefault();
        return last.HasValue;
    }

    private static Concatenation? Validate(ConcatenationReference size, int reference, int total, int sequence) =>
        total != 0 && sequence != 0 && sequence <= total ? new Concatenation(size, reference, total, sequence) : null;
}
