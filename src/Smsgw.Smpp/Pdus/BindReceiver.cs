using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>bind_receiver</c> (SMPP 3.4 §4.1.3); its fields are those of <see cref="BindRequest"/>.</summary>
public sealed class BindReceiver : BindRequest
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindReceiver;

    /// <inheritdoc />
    public override BindReceiverResp CreateResponse(CommandStatus status) =>
        new() { CommandStatus = status, SequenceNumber = SequenceNumber };
}
