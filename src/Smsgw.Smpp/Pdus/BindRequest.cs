using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// The body shared by <c>bind_transmitter</c>, <c>bind_receiver</c> and <c>bind_transceiver</c>
/// (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5): the three differ only in their command id.
/// </summary>
public abstract class BindRequest : SmppPdu
{
    private protected BindRequest()
    {
    }

    /// <summary><c>system_id</c>, C-octet string, max 16 (NUL included): who is binding.</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary><c>password</c>, C-octet string, max 9.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary><c>system_type</c>, C-octet string, max 13.</summary>
    public string SystemType { get; set; } = string.Empty;

    /// <summary><c>interface_version</c>, 1 octet: 0x34 for SMPP 3.4.</summary>
    public byte InterfaceVersion { get; set; } = 0x34;

    /// <summary><c>addr_ton</c>, 1 octet.</summary>
    public byte AddrTon { get; set; }

    /// <summary><c>addr_npi</c>, 1 octet.</summary>
    public byte AddrNpi { get; set; }

    /// <summary><c>address_range</c>, C-octet string, max 41.</summary>
    public string AddressRange { get; set; } = string.Empty;

    internal override int GetBodyLength() =>
        SmppLimits.CString(SystemId, 16, "system_id")
        + SmppLimits.CString(Password, 9, "password")
        + SmppLimits.CString(SystemType, 13, "system_type")
        + 1 // interface_version
        + 1 // addr_ton
        + 1 // addr_npi
        + SmppLimits.CString(AddressRange, 41, "address_range");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
        writer.WriteCString(SystemType);
        writer.WriteByte(InterfaceVersion);
        writer.WriteByte(AddrTon);
        writer.WriteByte(AddrNpi);
        writer.WriteCString(AddressRange);
    }

    internal static T Read<T>(ref PduReader reader)
        where T : BindRequest, new()
    {
        var pdu = new T
        {
            SystemId = reader.ReadCString(16, CommandStatus.InvalidSystemId),
            Password = reader.ReadCString(9, CommandStatus.InvalidPassword),
            SystemType = reader.ReadCString(13, CommandStatus.InvalidSystemType),
            InterfaceVersion = reader.ReadByte(),
            AddrTon = reader.ReadByte(),
            AddrNpi = reader.ReadByte(),
            AddressRange = reader.ReadCString(41, CommandStatus.BindFailed),
        };
        reader.SkipRest();
        return pdu;
    }
}
