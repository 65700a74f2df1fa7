using Smsgw.Smpp.Codec;

namespace Smsgw.Smpp.Pdus;

/// <summary><c>bind_transmitter_resp</c> (SMPP 3.4 §4.1.2); its fields are those of <see cref="BindResponse"/>.</summary>
public sealed class BindTransmitterResp : BindResponse
{
    /// <inheritdoc />
    public override CommandId CommandId => CommandId.BindTransmitterResp;
}
