using System.Buffers;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Codec;

/// <summary>Turns one frame from <see cref="SmppFrameReader"/> into its <see cref="SmppPdu"/>.</summary>
public static class SmppPduDecoder
{
    private const int StackallocLimit = 256;

    /// <summary>
    /// Decodes a frame. A single-segment frame is read in place; a fragmented one is copied once into a stack or
    /// pooled buffer.
    /// </summary>
    /// <param name="frame">One whole PDU, header included.</param>
    /// <returns>The PDU.</returns>
    /// <exception cref="SmppPduException">The PDU is malformed; its status is the one to answer with.</exception>
    public static SmppPdu Decode(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return Decode(frame.FirstSpan);
        }

        var length = checked((int)frame.Length);
        if (length <= StackallocLimit)
        {
            Span<byte> copy = stackalloc byte[length];
            frame.CopyTo(copy);
            return Decode(copy);
        }

        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var copy = rented.AsSpan(0, length);
            frame.CopyTo(copy);
            return Decode(copy);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes a contiguous frame.</summary>
    /// <param name="frame">One whole PDU, header included.</param>
    /// <returns>The PDU.</returns>
    /// <exception cref="SmppPduException">The PDU is malformed; its status is the one to answer with.</exception>
    public static SmppPdu Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < PduHeader.Length)
        {
            throw new SmppPduException(CommandStatus.InvalidCommandLength, null, $"A PDU of {frame.Length} octets is shorter than its header.");
        }

        var header = PduHeader.Read(frame);
        if (header.CommandLength != (uint)frame.Length)
        {
            throw new SmppPduException(CommandStatus.InvalidCommandLength, header, $"command_length {header.CommandLength} but the frame holds {frame.Length} octets.");
        }

        var reader = new PduReader(frame[PduHeader.Length..], header);
        SmppPdu pdu = header.CommandId switch
        {
            CommandId.GenericNack => GenericNack.Read(ref reader),
            CommandId.BindReceiver => BindRequest.Read<BindReceiver>(ref reader),
            CommandId.BindReceiverResp => BindResponse.Read<BindReceiverResp>(ref reader),
            CommandId.BindTransmitter => BindRequest.Read<BindTransmitter>(ref reader),
            CommandId.BindTransmitterResp => BindResponse.Read<BindTransmitterResp>(ref reader),
            CommandId.BindTransceiver => BindRequest.Read<BindTransceiver>(ref reader),
            CommandId.BindTransceiverResp => BindResponse.Read<BindTransceiverResp>(ref reader),
            CommandId.Outbind => Outbind.Read(ref reader),
            CommandId.Unbind => Unbind.Read(ref reader),
            CommandId.UnbindResp => UnbindResp.Read(ref reader),
            CommandId.SubmitSm => SubmitSm.Read(ref reader),
            CommandId.SubmitSmResp => SubmitSmResp.Read(ref reader),
            CommandId.SubmitMulti => SubmitMulti.Read(ref reader),
            CommandId.SubmitMultiResp => SubmitMultiResp.Read(ref reader),
            CommandId.DeliverSm => DeliverSm.Read(ref reader),
            CommandId.DeliverSmResp => DeliverSmResp.Read(ref reader),
            CommandId.DataSm => DataSm.Read(ref reader),
            CommandId.DataSmResp => DataSmResp.Read(ref reader),
            CommandId.QuerySm => QuerySm.Read(ref reader),
            CommandId.QuerySmResp => QuerySmResp.Read(ref reader),
            CommandId.CancelSm => CancelSm.Read(ref reader),
            CommandId.CancelSmResp => CancelSmResp.Read(ref reader),
            CommandId.ReplaceSm => ReplaceSm.Read(ref reader),
            CommandId.ReplaceSmResp => ReplaceSmResp.Read(ref reader),
            CommandId.EnquireLink => EnquireLink.Read(ref reader),
            CommandId.EnquireLinkResp => EnquireLinkResp.Read(ref reader),
            CommandId.AlertNotification => AlertNotification.Read(ref reader),
            _ => throw new SmppPduException(CommandStatus.InvalidCommandId, header, $"Unknown command_id 0x{(uint)header.CommandId:X8}."),
        };

        pdu.CommandStatus = header.CommandStatus;
        pdu.SequenceNumber = header.SequenceNumber;
        return pdu;
    }

    /// <summary>
    /// The answer to a request that could not be decoded: its empty <c>_resp</c> with <paramref name="status"/>, or
    /// <c>generic_nack</c> when the command id is unknown or has no response. Null for a response, which is never
    /// answered.
    /// </summary>
    /// <param name="header">The header of the offending PDU.</param>
    /// <param name="status">The status to answer with.</param>
    /// <returns>The answer, or null.</returns>
    public static SmppPdu? CreateErrorResponse(PduHeader header, CommandStatus status)
    {
        SmppPdu? request = header.CommandId switch
        {
            CommandId.BindReceiver => new BindReceiver(),
            CommandId.BindTransmitter => new BindTransmitter(),
            CommandId.BindTransceiver => new BindTransceiver(),
            CommandId.Unbind => new Unbind(),
            CommandId.SubmitSm => new SubmitSm(),
            CommandId.SubmitMulti => new SubmitMulti(),
            CommandId.DeliverSm => new DeliverSm(),
            CommandId.DataSm => new DataSm(),
            CommandId.QuerySm => new QuerySm(),
            CommandId.CancelSm => new CancelSm(),
            CommandId.ReplaceSm => new ReplaceSm(),
            CommandId.EnquireLink => new EnquireLink(),
            _ => null,
        };

        if (request is not null)
        {
            request.SequenceNumber = header.SequenceNumber;
            return request.CreateResponse(status);
        }

        return header.IsResponse
            ? null
            : new GenericNack { CommandStatus = status, SequenceNumber = header.SequenceNumber };
    }
}
