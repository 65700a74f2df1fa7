using System.Buffers;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Codec;

public sealed class SmppFrameReaderTests
{
    private const int MaxPduLength = 4096;

    [Theory]
    [MemberData(nameof(SamplePdus.Names), MemberType = typeof(SamplePdus))]
    public void Every_prefix_of_a_frame_returns_false_and_consumes_nothing(string name)
    {
        var bytes = SmppPduEncoder.ToArray(SamplePdus.All[name]());

        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);

            Assert.False(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out _, out var error));
            Assert.Equal(FrameError.None, error);
            Assert.Equal(length, buffer.Length);
        }
    }

    [Theory]
    [MemberData(nameof(SamplePdus.Names), MemberType = typeof(SamplePdus))]
    public void Frame_split_one_byte_per_segment_decodes_like_contiguous_frame(string name)
    {
        var bytes = SmppPduEncoder.ToArray(SamplePdus.All[name]());
        var buffer = Segments.OneBytePerSegment(bytes);

        Assert.True(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out var frame, out _));
        Assert.False(frame.IsSingleSegment);
        Assert.True(buffer.IsEmpty);
        var decoded = SmppPduDecoder.Decode(frame);

        Assert.Equal(SmppPduEncoder.ToArray(SmppPduDecoder.Decode(bytes)), SmppPduEncoder.ToArray(decoded));
    }

    [Fact]
    public void Every_prefix_split_one_byte_per_segment_returns_false_and_consumes_nothing()
    {
        var bytes = SmppPduEncoder.ToArray(SamplePdus.Submit());

        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = Segments.OneBytePerSegment(bytes.AsSpan(0, length));

            Assert.False(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out _, out var error));
            Assert.Equal(FrameError.None, error);
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void Two_frames_in_one_buffer_are_read_one_after_the_other_and_a_partial_third_waits()
    {
        var first = SmppPduEncoder.ToArray(new EnquireLink { SequenceNumber = 1 });
        var second = SmppPduEncoder.ToArray(SamplePdus.Submit());
        var buffer = Segments.Split([.. first, .. second, .. second.AsSpan(0, 7)], 5);

        Assert.True(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out var one, out _));
        Assert.True(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out var two, out _));
        Assert.False(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out _, out var error));

        Assert.Equal(first, one.ToArray());
        Assert.Equal(second, two.ToArray());
        Assert.Equal(FrameError.None, error);
        Assert.Equal(7, buffer.Length);
    }

    [Theory]
    [InlineData("00000000")]
    [InlineData("0000000F")]
    [InlineData("00001001")] // 4097 > max
    [InlineData("FFFFFFFF")]
    public void Command_length_below_16_or_above_the_maximum_is_a_framing_error_before_the_body_arrives(string commandLength)
    {
        var bytes = Convert.FromHexString(commandLength);
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.False(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out _, out var error));
        Assert.Equal(FrameError.InvalidCommandLength, error);
        Assert.Equal(4, buffer.Length);
    }

    [Fact]
    public void Command_length_split_across_segments_is_still_checked()
    {
        var buffer = Segments.OneBytePerSegment(Convert.FromHexString("0000000C00000015"));

        Assert.False(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out _, out var error));
        Assert.Equal(FrameError.InvalidCommandLength, error);
    }

    [Fact]
    public void A_large_fragmented_frame_is_decoded_through_the_pooled_copy()
    {
        var pdu = (DataSm)SamplePdus.All["data_sm"]();
        var bytes = SmppPduEncoder.ToArray(pdu);
        Assert.True(bytes.Length > 256);
        var buffer = Segments.Split(bytes, 7);

        Assert.True(SmppFrameReader.TryReadFrame(ref buffer, MaxPduLength, out var frame, out _));

        Assert.Equal(bytes, SmppPduEncoder.ToArray(SmppPduDecoder.Decode(frame)));
    }
}
