using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>unbind_resp</c> (SMPP 3.4 §4.2.2): acknowledges <c>unbind</c>; the session closes after it. Header only, no body.</summary>
public sealed class UnbindResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.UnbindResp;


    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static UnbindResp Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new UnbindResp();
    }
}
