using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary>
/// <c>outbind</c> (SMPP 3.4 §4.1.7): an SMSC that opened the connection asks the ESME to bind as receiver. It has
/// no response.
/// </summary>
public sealed class Outbind : SmppPdu
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.Outbind;

    /// <summary><c>system_id</c>, C-octet string, max 16: the SMSC's identifier.</summary>
    public string SystemId { get; set; } = string.Empty;

    /// <summary><c>password</c>, C-octet string, max 9.</summary>
    public string Password { get; set; } = string.Empty;

    internal override int GetBodyLength() =>
        SmppLimits.CString(SystemId, 16, "system_id")
        + SmppLimits.CString(Password, 9, "password");

    internal override void WriteBody(ref PduWriter writer)
    {
        writer.WriteCString(SystemId);
        writer.WriteCString(Password);
    }

    internal static Outbind Read(ref PduReader reader)
    {
        var pdu = new Outbind
        {
            SystemId = reader.ReadCString(16, CommandStatus.InvalidSystemId),
            Password = reader.ReadCString(9, CommandStatus.InvalidPassword),
        };
        reader.SkipRest();
        return pdu;
    }
}
