using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>replace_sm_resp</c> (SMPP 3.4 §4.10.2): the outcome of <c>replace_sm</c> is its <c>command_status</c>. Header only, no body.</summary>
public sealed class ReplaceSmResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.ReplaceSmResp;


    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static ReplaceSmResp Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new ReplaceSmResp();
    }
}
