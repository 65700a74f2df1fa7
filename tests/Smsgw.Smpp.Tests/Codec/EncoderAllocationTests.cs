using System.Buffers;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Xunit;

namespace Smsgw.Smpp.Tests.Codec;

/// <summary>
/// STYLE §3 promises no allocation for the PDUs a bound session writes most; the codec benchmark prints the figure,
/// this test holds it. Counted per thread, so nothing else running in the process can disturb it.
/// </summary>
public sealed class EncoderAllocationTests
{
    private const int Encodes = 10_000;

    public static TheoryData<string> Names => ["enquire_link", "enquire_link_resp", "submit_sm_resp", "deliver_sm_resp", "generic_nack"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Encoding_a_session_pdu_into_a_reused_buffer_writer_allocates_nothing(string name)
    {
        SmppPdu pdu = name switch
        {
            "enquire_link" => new EnquireLink { SequenceNumber = 10 },
            "enquire_link_resp" => new EnquireLinkResp { SequenceNumber = 7 },
            "submit_sm_resp" => new SubmitSmResp { SequenceNumber = 8, MessageId = "0000a1b2c3" },
            "deliver_sm_resp" => new DeliverSmResp { SequenceNumber = 9 },
            _ => new GenericNack { SequenceNumber = 11, CommandStatus = CommandStatus.InvalidCommandId },
        };
        var writer = new ArrayBufferWriter<byte>(4096);
        var expectedLength = EncodeMany(pdu, writer, 100); // warm-up: JIT tiers, static initialisers

        var before = GC.GetAllocatedBytesForCurrentThread();
        var length = EncodeMany(pdu, writer, Encodes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expectedLength, length);
        Assert.Equal(SmppPduEncoder.ToArray(pdu), writer.WrittenSpan.ToArray());
        Assert.Equal(0, allocated);
    }

    private static int EncodeMany(SmppPdu pdu, ArrayBufferWriter<byte> writer, int count)
    {
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            writer.ResetWrittenCount();
            length = SmppPduEncoder.Encode(pdu, writer);
        }

        return length;
    }
}
