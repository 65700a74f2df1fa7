namespace Smsgw.Carriers.Smpp;

/// <summary>How an SMSC writes a message id: the same message may be <c>0A1B2C</c> in <c>submit_sm_resp</c> and <c>662316</c> in its receipt.</summary>
public enum SmppMessageIdFormat
{
    /// <summary>Opaque text: compared without case and leading zeros.</summary>
    Text,
    /// <summary>A hexadecimal number.</summary>
    Hex,
    /// <summary>A decimal number.</summary>
    Decimal,
}
