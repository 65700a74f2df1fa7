using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>submit_sm_resp</c> (SMPP 3.4 §4.4.2): the SMSC's message id for an accepted submit; a failed submit may come without a body.</summary>
public sealed class SubmitSmResp : MessageIdResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitSmResp;

    internal static SubmitSmResp Read(ref PduReader reader)
    {
        var pdu = new SubmitSmResp();
        pdu.ReadBody(ref reader);
        return pdu;
    }
}
