using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>submit_sm</c> (SMPP 3.4 §4.4.1): an ESME submits one short message. Fields in spec order.</summary>
public sealed class SubmitSm : ShortMessageRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitSm;

    /// <inheritdoc />
    public override SubmitSmResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal static SubmitSm Read(ref PduReader reader)
    {
        var pdu = new SubmitSm();
        pdu.ReadBody(ref reader);
        return pdu;
    }
}
