namespace Smsgw.Smpp.Text;

/// <summary>
/// How a carrier takes text, as far as it changes the encoding and the part count of a message. The default,
/// an 8-bit reference and no Latin-1, is what every handset network accepts.
/// </summary>
/// <param name="Reference">The concatenation reference size of the parts, which sets the capacity of each part.</param>
/// <param name="PreferLatin1">
/// Whether text outside GSM 03.38 but inside ISO-8859-1 goes as Latin-1 (140 characters in one part) rather than
/// UCS-2 (70): only some SMSCs take <c>data_coding</c> 3 and convert it for the handset.
/// </param>
public readonly record struct SmsTextProfile(
    ConcatenationReference Reference = ConcatenationReference.EightBit,
    bool PreferLatin1 = false);
