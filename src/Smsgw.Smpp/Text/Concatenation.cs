namespace Smsgw.Smpp.Text;

/// <summary>The concatenation information element of one part (3GPP TS 23.040 §9.2.3.24.1 and §9.2.3.24.8).</summary>
/// <param name="ReferenceSize">Whether the reference is 8-bit (IEI 0x00) or 16-bit (IEI 0x08).</param>
/// <param name="Reference">The reference number shared by all parts of one message: 0..255 or 0..65535.</param>
/// <param name="Total">How many parts the message has, 1..255.</param>
/// <param name="Sequence">Which part this is, 1..<paramref name="Total"/>.</param>
public readonly record struct Concatenation(ConcatenationReference ReferenceSize, int Reference, int Total, int Sequence);
