using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>enquire_link</c> (SMPP 3.4 §4.11.1): a keep-alive either side may send. Header only, no body.</summary>
public sealed class EnquireLink : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.EnquireLink;

    /// <inheritdoc />
    public override EnquireLinkResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static EnquireLink Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new EnquireLink();
    }
}
