using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// The body shared by <c>bind_transmitter_resp</c>, <c>bind_receiver_resp</c> and <c>bind_transceiver_resp</c>
/// (SMPP 3.4 §4.1.2, §4.1.4, §4.1.6). A failed bind may come without a body.
/// </summary>
public abstract class BindResponse : SmppPdu
{
    private protected BindResponse()
    {
    }

    /// <summary><c>system_id</c>, C-octet string, max 16: the SMSC's identifier.</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary>Optional parameters, e.g. <c>sc_interface_version</c>.</summary>
    public IReadOnlyList<Tlv> Tlvs { get; set; } = [];

    internal override int GetBodyLength() =>
        SmppLimits.CString(SystemId, 16, "system_id")
        + SmppLimits.Tlvs(Tlvs);

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteTlvs(Tlvs);
    }

    internal static T Read<T>(ref PduReader reader)
        where T : BindResponse, new()
    {
        if (reader.End)
        {
            return new T();
        }

        return new T
        {
            SystemId = reader.ReadCString(16, CommandStatus.InvalidSystemId),
            Tlvs = reader.ReadTlvs(),
        };
    }
}
