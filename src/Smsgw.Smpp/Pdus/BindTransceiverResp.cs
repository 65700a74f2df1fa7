using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>bind_transceiver_resp</c> (SMPP 3.4 §4.1.6); its fields are those of <see cref="BindResponse"/>.</summary>
public sealed class BindTransceiverResp : BindResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransceiverResp;
}
