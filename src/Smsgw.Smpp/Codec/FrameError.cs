namespace Smsgw.Smpp.Codec;

/// <summary>Why <see cref="SmppFrameReader.TryReadFrame"/> could not frame the input. Only this ends a session.</summary>
public enum FrameError
{
    /// <summary>No error: a frame was read, or more input is needed.</summary>
    None = 0,

    /// <summary>
    /// <c>command_length</c> is below 16 or above the maximum PDU length: framing is lost
    /// (answered with <c>generic_nack</c> <see cref="CommandStatus.InvalidCommandLength"/>).
    /// </summary>
    InvalidCommandLength = 1,
}
