using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>submit_multi_resp</c> (SMPP 3.4 §4.5.2): the message id and the destinations that failed.</summary>
public sealed class SubmitMultiResp : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.SubmitMultiResp;

    /// <summary><c>message_id</c>, C-octet string, max 65.</summary>
    public string MessageId { get; set; } = string.Empty;

    /// <summary><c>unsuccess_sme</c>, preceded on the wire by <c>no_unsuccess</c> (0..254).</summary>
    public IReadOnlyList<UnsuccessSme> UnsuccessSmes { get; set; } = [];

    internal override int GetBodyLength() =>
        SmppLimits.CString(MessageId, 65, "message_id")
        + GetUnsuccessLength(); // no_unsuccess + unsuccess_sme

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(MessageId);
        writer.WriteByte((byte)UnsuccessSmes.Count);
        foreach (var sme in UnsuccessSmes)
        {
            writer.WriteByte(sme.DestAddrTon);
            writer.WriteByte(sme.DestAddrNpi);
            writer.WriteCString(sme.DestinationAddr);
            writer.WriteUInt32((uint)sme.ErrorStatusCode);
        }
    }

    internal static SubmitMultiResp Read(ref PduReader reader)
    {
        if (reader.End)
        {
            return new SubmitMultiResp();
        }

        var pdu = new SubmitMultiResp { MessageId = reader.ReadCString(65, CommandStatus.InvalidMessageId) };
        int count = reader.ReadByte();
        var smes = new UnsuccessSme[count];
        for (var i = 0; i < count; i++)
        {
            smes[i] = new UnsuccessSme(
                reader.ReadByte(),
                reader.ReadByte(),
                reader.ReadCString(21, CommandStatus.InvalidDestinationAddress),
                (CommandStatus)reader.ReadUInt32());
        }

        pdu.UnsuccessSmes = smes;
        reader.SkipRest();
        return pdu;
    }

    private int GetUnsuccessLength()
    {
        if (UnsuccessSmes.Count > SmppLimits.MaxNumberOfDestinations)
        {
            throw new ArgumentException($"submit_multi_resp holds at most 254 unsuccess_sme, not {UnsuccessSmes.Count}.", nameof(UnsuccessSmes));
        }

        var length = 1; // no_unsuccess
        foreach (var sme in UnsuccessSmes)
        {
            length += 1 + 1 + SmppLimits.CString(sme.DestinationAddr, 21, "destination_addr") + 4;
        }

        return length;
    }
}
