using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Sessions;

/// <summary>A bounded, seeded random loop against the SMSC role: nothing may escape a session, which answers or breaks cleanly.</summary>
public sealed class SmscSessionFuzzTests
{
    private const int Seed = 3_4034;
    private const int MinimumInputs = 100_000;
    private const int TargetInputs = 250_000;
    private const int InputsPerSession = 2_000;
    private const int MaxPduLength = 4096;
    private const uint MarkerSequence = 0x7FFFFFF0;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Random_input_never_escapes_the_session_which_answers_with_well_formed_responses_or_breaks_cleanly()
    {
        var random = new Random(Seed);
        var logger = new CollectingLogger(LogLevel.Error);
        await using var server = new SmppServer(
            new SmppServerOptions { Session = new SmppSessionOptions { MaxPduLength = MaxPduLength, EnquireLinkInterval = TimeSpan.Zero } },
            new SmppServerHandlers
            {
                SubmitSm = (_, _, _) => ValueTask.FromResult(SubmitSmResult.Accepted("1")),
                OtherRequest = (_, request, _) => ValueTask.FromResult(request.CreateResponse(CommandStatus.Ok)!),
            },
            logger: logger);
        // unbind is left out of the seeds so sessions run long; a mutated command id still produces one now and then.
        var seeds = SamplePdus.All.Where(pair => pair.Key != "unbind").Select(pair => SmppPduEncoder.ToArray(pair.Value())).ToArray();
        var bind = SmppPduEncoder.ToArray(new BindTransceiver { SystemId = "fuzz", SequenceNumber = 1 });

        int inputs = 0, sessions = 0, answers = 0, framingBreaks = 0, aliveAtEnd = 0;
        var clock = Stopwatch.StartNew();
        while (inputs < TargetInputs && clock.Elapsed < Budget)
        {
            var connection = new InMemoryConnection();
            var session = server.StartSession(connection.Server);
            sessions++;
            var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var drain = DrainAsync(connection.Client.Input, marker);
            var output = connection.Client.Output;
            if (random.Next(4) != 0)
            {
                await output.WriteAsync(bind);
            }

            var framingLost = false;
            for (var i = 0; i < InputsPerSession && !framingLost && !session.Completion.IsCompleted; i++)
            {
                var (input, losesFraming) = Mutate(random, seeds);
                inputs++;
                framingLost = losesFraming;
                if (input.Length > 1 && random.Next(10) == 0)
                {
                    var split = random.Next(1, input.Length);
                    await output.WriteAsync(input.AsMemory(0, split));
                    await output.WriteAsync(input.AsMemory(split));
                }
                else
                {
                    await output.WriteAsync(input);
                }
            }

            if (framingLost)
            {
                framingBreaks++;
            }
            else if (!session.Completion.IsCompleted)
            {
                // Still running: it must answer an enquire_link behind everything sent so far (unless a fuzzed
                // unbind is closing it).
                await output.WriteAsync(SmppPduEncoder.ToArray(new EnquireLink { SequenceNumber = MarkerSequence }));
                await Task.WhenAny(marker.Task, session.Completion).WaitAsync(TimeSpan.FromSeconds(30));
                if (marker.Task.IsCompleted)
                {
                    aliveAtEnd++;
                }
            }

            await output.CompleteAsync();
            await session.Completion.WaitAsync(TimeSpan.FromSeconds(30));
            var drained = await drain.WaitAsync(TimeSpan.FromSeconds(30));
            answers += drained.Answers;
            Assert.True(
                session.CloseReason is "unbound by the peer" or "the peer closed the connection" || session.CloseReason!.Contains("command_length", StringComparison.Ordinal),
                $"session {sessions} closed: {session.CloseReason}");
            if (session.CloseReason!.Contains("command_length", StringComparison.Ordinal))
            {
                Assert.True(drained.FramingNacks >= 1, $"session {sessions}: no generic_nack ESME_RINVCMDLEN before closing ({session.CloseReason}; {string.Join(" / ", logger.Errors)})");
            }

            Assert.Equal(SmppSessionState.Closed, session.State);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {Seed}: {inputs} inputs in {clock.Elapsed.TotalSeconds:F1} s over {sessions} sessions; {answers} answers; {framingBreaks} framing breaks; {aliveAtEnd} sessions alive at the end");
        Assert.True(inputs >= MinimumInputs, $"only {inputs} inputs within {Budget}");
        Assert.Empty(logger.Errors);
        Assert.True(aliveAtEnd > 0 && framingBreaks > 0, "the loop should exercise both outcomes");
    }

    /// <summary>A seed PDU mutated (<see cref="PduMutator"/>) under a random sequence number below the marker's.</summary>
    private static (byte[] Input, bool LosesFraming) Mutate(Random random, byte[][] seeds)
    {
        var (frame, losesFraming) = PduMutator.Mutate(random, seeds, MaxPduLength);
        if (!losesFraming)
        {
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(12), (uint)random.Next(1, 0x7FFFFFF0));
        }
        return (frame, losesFraming);
    }

    /// <summary>Reads everything the session writes; every frame must decode and be a response.</summary>
    private static async Task<(int Answers, int FramingNacks)> DrainAsync(PipeReader input, TaskCompletionSource marker)
    {
        int answers = 0, framingNacks = 0;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            FrameError error;
            while (SmppFrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame, out error))
            {
                var pdu = SmppPduDecoder.Decode(frame);
                Assert.True(pdu.IsResponse, $"the SMSC sent a request: {pdu}");
                answers++;
                if (pdu is GenericNack { CommandStatus: CommandStatus.InvalidCommandLength })
                {
                    framingNacks++;
                }

                if (pdu is EnquireLinkResp { SequenceNumber: MarkerSequence })
                {
                    marker.TrySetResult();
                }
            }

            Assert.Equal(FrameError.None, error);
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                Assert.True(buffer.IsEmpty, "the session wrote a partial PDU");
                await input.CompleteAsync();
                return (answers, framingNacks);
            }
        }
    }
}
