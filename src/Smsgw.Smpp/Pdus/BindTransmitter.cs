using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>bind_transmitter</c> (SMPP 3.4 §4.1.1); its fields are those of <see cref="BindRequest"/>.</summary>
public sealed class BindTransmitter : BindRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransmitter;

    /// <inheritdoc />
    public override BindTransmitterResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };
}
