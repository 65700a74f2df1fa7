using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>enquire_link_resp</c> (SMPP 3.4 §4.11.2): acknowledges <c>enquire_link</c>. Header only, no body.</summary>
public sealed class EnquireLinkResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.EnquireLinkResp;


    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static EnquireLinkResp Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new EnquireLinkResp();
    }
}
