namespace Smsgw.Smpp.Text;

/// <summary>
/// Chooses the encoding for a message text, counts its units and parts, and splits it into parts.
/// <see cref="Measure(string, SmsTextProfile)"/> and <see cref="Segment"/> walk the text with the
/// same code, so the part count quoted to a client is the count sent.
/// </summary>
/// <remarks>
/// A part boundary never falls inside a GSM escape pair (TS 23.038 §6.2.1.1) or a UTF-16 surrogate pair:
/// a handset cannot join half a character, so the pair moves whole to the next part, which can add a
/// part beyond the naive ceiling of units over capacity. Longer clusters (combining marks, ZWJ emoji)
/// may still be split between parts; handsets render them joined once the message is reassembled.
/// </remarks>
public static class SmsText
{
    /// <summary>
    /// Measures <paramref name="text"/> in the encoding it will be sent in: GSM 7-bit when every character
    /// is in the default alphabet or its extension table, UCS-2 otherwise. Allocates nothing.
    /// </summary>
    /// <param name="text">The message text.</param>
    /// <param name="reference">The concatenation reference size, which sets the capacity of each part.</param>
    /// <returns>The encoding, its unit count and the part count; 0 units and 1 part for empty text.</returns>
    public static SmsTextInfo Measure(string text, ConcatenationReference reference = ConcatenationReference.EightBit) =>
        Measure(text, new SmsTextProfile(reference));

    /// <summary>
    /// Measures <paramref name="text"/> in the encoding a carrier of <paramref name="profile"/> sends it in: GSM 7-bit
    /// when every character is in the default alphabet or its extension table; else Latin-1 when the profile prefers
    /// it and every character is in ISO-8859-1; else UCS-2. Allocates nothing.
    /// </summary>
    /// <param name="text">The message text.</param>
    /// <param name="profile">The carrier's concatenation reference size and Latin-1 preference.</param>
    /// <returns>The encoding, its unit count and the part count; 0 units and 1 part for empty text.</returns>
    public static SmsTextInfo Measure(string text, SmsTextProfile profile)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Gsm7.TryCountSeptets(text, out var septets))
        {
            return Measure(text, SmsEncoding.Gsm7, septets, profile.Reference);
        }
        return profile.PreferLatin1 && Latin1.CanEncode(text)
            ? Measure(text, SmsEncoding.Latin1, text.Length, profile.Reference)
            : Measure(text, SmsEncoding.Ucs2, text.Length, profile.Reference);
    }

    /// <summary>Measures <paramref name="text"/> in a given encoding. Allocates nothing.</summary>
    /// <param name="text">The message text.</param>
    /// <param name="encoding">The encoding to send it in.</param>
    /// <param name="reference">The concatenation reference size, which sets the capacity of each part.</param>
    /// <returns>The encoding, its unit count and the part count; 0 units and 1 part for empty text.</returns>
    /// <exception cref="ArgumentException">The text cannot be encoded in <paramref name="encoding"/>.</exception>
    public static SmsTextInfo Measure(string text, SmsEncoding encoding, ConcatenationReference reference = ConcatenationReference.EightBit)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Measure(text, encoding, CountUnits(text, encoding), reference);
    }

    /// <summary>
    /// Splits <paramref name="text"/> into the text of each part: one part when it fits a single message,
    /// otherwise parts filled up to the per-part capacity, never splitting an escape or surrogate pair.
    /// </summary>
    /// <param name="text">The message text.</param>
    /// <param name="encoding">The encoding the parts will be sent in.</param>
    /// <param name="reference">The concatenation reference size, which sets the capacity of each part.</param>
    /// <returns>
    /// The parts in order; they concatenate to <paramref name="text"/>. Empty text gives one empty part.
    /// More than <see cref="SmsPartCapacity.MaxParts"/> parts cannot be numbered in a UDH: callers
    /// reject such text (see <see cref="SmsTextInfo.Parts"/>).
    /// </returns>
    /// <exception cref="ArgumentException">The text cannot be encoded in <paramref name="encoding"/>.</exception>
    public static IReadOnlyList<string> Segment(string text, SmsEncoding encoding, ConcatenationReference reference = ConcatenationReference.EightBit)
    {
        var count = Measure(text, encoding, reference).Parts;
        if (count == 1)
        {
            return [text];
        }

        var parts = new string[count];
        var capacity = SmsPartCapacity.PerPart(encoding, reference);
        var start = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var end = EndOfPart(text, start, encoding, capacity);
            parts[i] = text[start..end];
            start = end;
        }

        return parts;
    }

    private static SmsTextInfo Measure(string text, SmsEncoding encoding, int units, ConcatenationReference reference)
    {
        if (units <= SmsPartCapacity.Single(encoding))
        {
            return new SmsTextInfo(encoding, units, 1);
        }

        var capacity = SmsPartCapacity.PerPart(encoding, reference);
        var parts = 0;
        for (var start = 0; start < text.Length; start = EndOfPart(text, start, encoding, capacity))
        {
            parts++;
        }

        return new SmsTextInfo(encoding, units, parts);
    }

    private static int CountUnits(string text, SmsEncoding encoding)
    {
        switch (encoding)
        {
            case SmsEncoding.Gsm7:
                return Gsm7.TryCountSeptets(text, out var septets)
                    ? septets
                    : throw new ArgumentException("The text has characters outside the GSM 7-bit default alphabet and extension table.", nameof(text));
            case SmsEncoding.Ucs2:
                return text.Length;
            case SmsEncoding.Latin1:
                return Latin1.CanEncode(text)
                    ? text.Length
                    : throw new ArgumentException("The text has characters outside ISO-8859-1.", nameof(text));
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null);
        }
    }

    // Greedy: take whole characters (an escape pair or surrogate pair is one) while they fit. Capacity
    // is at least 2, so every part takes at least one character. The text is already known to encode.
    private static int EndOfPart(string text, int start, SmsEncoding encoding, int capacity)
    {
        var used = 0;
        var i = start;
        while (i < text.Length)
        {
            var chars = 1;
            var cost = 1;
            if (encoding == SmsEncoding.Gsm7)
            {
                cost = Gsm7.SeptetCost(text[i]);
            }
            else if (encoding == SmsEncoding.Ucs2 && char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                chars = cost = 2;
            }

            if (used + cost > capacity)
            {
                break;
            }

            used += cost;
            i += chars;
        }

        return i;
    }
}
