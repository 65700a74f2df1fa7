using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Bench;

/// <summary>
/// The SMPP codec on the hot path of a bound session: the responses a session writes most (into a reused buffer
/// writer, as into its pipe) and the frames it reads most (cut by <see cref="SmppFrameReader"/>, then decoded).
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const int MaxPduLength = 64 * 1024;
    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private readonly EnquireLinkResp _enquireLinkResp = new() { SequenceNumber = 7 };
    private readonly SubmitSmResp _submitSmResp = new() { SequenceNumber = 8, MessageId = "0000a1b2c3" };
    private readonly DeliverSmResp _deliverSmResp = new() { SequenceNumber = 9 };
    private readonly EnquireLink _enquireLink = new() { SequenceNumber = 10 };
    private readonly ReadOnlySequence<byte> _enquireLinkFrame = new(SmppPduEncoder.ToArray(new EnquireLink { SequenceNumber = 11 }));
    private readonly ReadOnlySequence<byte> _submitSmFrame = new(SmppPduEncoder.ToArray(new SubmitSm
    {
        SequenceNumber = 12,
        SourceAddrTon = 5,
        SourceAddr = "MyBrand",
        DestAddrTon = 1,
        DestAddrNpi = 1,
        DestinationAddr = "32470001234",
        RegisteredDelivery = 1,
        ShortMessage = "Your code is 123456. It expires in 10 minutes."u8.ToArray(),
    }));

    [Benchmark]
    public int EncodeEnquireLinkResp()
    {
        _writer.ResetWrittenCount();
        return SmppPduEncoder.Encode(_enquireLinkResp, _writer);
    }

    [Benchmark]
    public int EncodeSubmitSmResp()
    {
        _writer.ResetWrittenCount();
        return SmppPduEncoder.Encode(_submitSmResp, _writer);
    }

    [Benchmark]
    public int EncodeDeliverSmResp()
    {
        _writer.ResetWrittenCount();
        return SmppPduEncoder.Encode(_deliverSmResp, _writer);
    }

    [Benchmark]
    public int EncodeEnquireLink()
    {
        _writer.ResetWrittenCount();
        return SmppPduEncoder.Encode(_enquireLink, _writer);
    }

    [Benchmark]
    public SmppPdu DecodeEnquireLink() => Decode(_enquireLinkFrame);

    [Benchmark]
    public SmppPdu DecodeSubmitSm() => Decode(_submitSmFrame);

    private static SmppPdu Decode(ReadOnlySequence<byte> input)
    {
        if (!SmppFrameReader.TryReadFrame(ref input, MaxPduLength, out var frame, out _))
        {
            throw new InvalidOperationException("the prepared frame did not read");
        }
        return SmppPduDecoder.Decode(frame);
    }

    /// <summary>Runs the benchmarks in this process (ShortRun: 3 warm-ups, 3 iterations) and prints bytes allocated per operation.</summary>
    public static bool Run()
    {
        Console.WriteLine();
        Console.WriteLine("== codec: BenchmarkDotNet ShortRun, in process, [MemoryDiagnoser]");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableLogFile)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "smsgw-bench-codec"));
        var summary = BenchmarkRunner.Run<CodecBenchmarks>(config);
        Console.WriteLine("-- allocated per operation (the figure the codec must keep at 0 on the encode side)");
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var mean = report.ResultStatistics?.Mean;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            Console.WriteLine($"   {name,-24} {(mean is null ? "n/a" : $"{mean:F1} ns"),12}  {(bytes is null ? "n/a" : $"{bytes} B"),8} allocated/op");
        }
        return summary.Reports.Length > 0 && summary.Reports.All(r => r.Success);
    }
}
