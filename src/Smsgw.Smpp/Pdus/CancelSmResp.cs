using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>cancel_sm_resp</c> (SMPP 3.4 §4.9.2): the outcome of <c>cancel_sm</c> is its <c>command_status</c>. Header only, no body.</summary>
public sealed class CancelSmResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.CancelSmResp;


    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static CancelSmResp Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new CancelSmResp();
    }
}
