using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>bind_receiver_resp</c> (SMPP 3.4 §4.1.4); its fields are those of <see cref="BindResponse"/>.</summary>
public sealed class BindReceiverResp : BindResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindReceiverResp;
}
