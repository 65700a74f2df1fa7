namespace Smsgw.Smpp.Text;

/// <summary>What a message text costs to send, as computed by <see cref="SmsText.Measure(string, ConcatenationReference)"/>.</summary>
/// <param name="Encoding">The encoding the text is sent in.</param>
/// <param name="Units">
/// Length in the encoding's units: septets for GSM 7-bit (extension characters count two), UTF-16
/// code units for UCS-2 (a character outside the BMP counts two), octets for Latin-1.
/// </param>
/// <param name="Parts">
/// The number of parts <see cref="SmsText.Segment"/> produces for the text; 1 for empty text.
/// </param>
public readonly record struct SmsTextInfo(SmsEncoding Encoding, int Units, int Parts);
