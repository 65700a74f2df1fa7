using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>unbind</c> (SMPP 3.4 §4.2.1): ends the session; either side may send it. Header only, no body.</summary>
public sealed class Unbind : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.Unbind;

    /// <inheritdoc />
    public override UnbindResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static Unbind Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new Unbind();
    }
}
