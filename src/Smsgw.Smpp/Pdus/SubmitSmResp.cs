using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>submit_sm_resp</c> (SMPP 3.4 §4.4.2): the SMSC's message id for an accepted submit; a failed submit may come without a body.</summary>
public sealed class SubmitSmResp : MessageIdResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitSmResp;

    /// <summary>
    /// Not on the wire. Set when the SMSC answered the <c>submit_sm</c> with this <c>generic_nack</c> (SMPP 3.4 §4.3.1:
    /// it could not process the PDU, so it did not take it) and <see cref="Sessions.SmppClient.SubmitAsync"/> returns this
    /// response in its place: <see cref="SmppPdu.CommandStatus"/> is then the nack's status, or
    /// <see cref="CommandStatus.UnknownError"/> when the nack said <see cref="CommandStatus.Ok"/>, so a caller that only
    /// checks the status never reads a nack as accepted.
    /// </summary>
    public GenericNack? GenericNack { get; init; }

    internal static SubmitSmResp Read(ref PduReader reader)
    {
        var pdu = new SubmitSmResp();
        pdu.ReadBody(ref reader);
        return pdu;
    }
}
