using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>generic_nack</c> (SMPP 3.4 §4.3.1): the answer to a PDU that has an invalid header or an unknown command id; its <c>command_status</c> says why. Header only, no body.</summary>
public sealed class GenericNack : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.GenericNack;


    internal override int GetBodyLength() => 0;

    internal override void WriteBody(ref PduWriter writer)
    {
    }

    internal static GenericNack Read(ref PduReader reader)
    {
        reader.SkipRest();
        return new GenericNack();
    }
}
