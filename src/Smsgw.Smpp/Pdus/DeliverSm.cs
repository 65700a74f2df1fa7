using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>deliver_sm</c> (SMPP 3.4 §4.6.1): the SMSC delivers a mobile-originated message or a delivery receipt (<c>esm_class</c> 0x04). The layout is that of <c>submit_sm</c>; the scheduling fields are unused.</summary>
public sealed class DeliverSm : ShortMessageRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.DeliverSm;

    /// <inheritdoc />
    public override DeliverSmResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };

    internal static DeliverSm Read(ref PduReader reader)
    {
        var pdu = new DeliverSm();
        pdu.ReadBody(ref reader);
        return pdu;
    }
}
