using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>deliver_sm_resp</c> (SMPP 3.4 §4.6.2): its outcome is the <c>command_status</c>; <c>message_id</c> is unused (empty).</summary>
public sealed class DeliverSmResp : MessageIdResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DeliverSmResp;

    internal static DeliverSmResp Read(ref PduReader reader)
    {
        var pdu = new DeliverSmResp();
        pdu.ReadBody(ref reader);
        return pdu;
    }
}
