using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>bind_transceiver</c> (SMPP 3.4 §4.1.5); its fields are those of <see cref="BindRequest"/>.</summary>
public sealed class BindTransceiver : BindRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransceiver;

    /// <inheritdoc />
    public override BindTransceiverResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };
}
