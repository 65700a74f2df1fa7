namespace Smsgw.Smpp.Text;

/// <summary>The character encodings a short message body can be sent in.</summary>
public enum SmsEncoding
{
    /// <summary>
    /// GSM 7-bit default alphabet with its extension table (3GPP TS 23.038 §6.2.1); extension
    /// characters take two septets (escape 0x1B + code). SMPP <c>data_coding</c> 0 (SMSC default) on
    /// most carriers.
    /// </summary>
    Gsm7,

    /// <summary>
    /// UCS-2 big-endian, one 16-bit unit per UTF-16 code unit; characters outside the BMP travel as
    /// their surrogate pair (UTF-16BE), as carriers and handsets do. SMPP <c>data_coding</c> 8.
    /// </summary>
    Ucs2,

    /// <summary>ISO-8859-1, one octet per character, for carriers that ask for it. SMPP <c>data_coding</c> 3.</summary>
    Latin1,
}
