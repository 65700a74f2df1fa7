using System.Buffers.Binary;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>Hand-built frames: the header from its parts, the body from hex, command_length computed.</summary>
internal static class Frames
{
    /// <summary>A valid submit_sm body: empty service_type, source "A", destination "1", empty message.</summary>
    public const string SubmitSmHead = "00" + "0000" + "4100" + "0101" + "3100" + "000000";

    public const string SubmitSmTail = "00000000"; // registered_delivery, replace_if_present_flag, data_coding, sm_default_msg_id

    public const string ValidSubmitSmBody = SubmitSmHead + "00" + "00" + SubmitSmTail + "00";

    public static byte[] Build(uint commandId, string bodyHex, uint sequenceNumber = 1, uint status = 0)
    {
        var body = Convert.FromHexString(bodyHex);
        var frame = new byte[16 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)frame.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), commandId);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), status);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), sequenceNumber);
        body.CopyTo(frame, 16);
        return frame;
    }

    public static string Hex(string ascii) => Convert.ToHexString(System.Text.Encoding.ASCII.GetBytes(ascii));
}
