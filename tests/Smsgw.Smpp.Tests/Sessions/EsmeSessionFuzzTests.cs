using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Sessions;

/// <summary>
/// A bounded, seeded random loop against the ESME role, the one facing carriers nobody here wrote: a raw peer on
/// loopback TCP plays the SMSC, binds the client, then sends random and mutated-valid frames. Every request the client
/// must answer is answered once with the right command and status, nothing escapes the session, and it stays usable
/// (a submit and an unbind go through) unless a fuzzed unbind or a lost framing closes it cleanly.
/// </summary>
public sealed class EsmeSessionFuzzTests
{
    private const int Seed = 3_4035;
    private const int MinimumInputs = 100_000;
    private const int TargetInputs = 250_000;
    private const int InputsPerSession = 2_000;
    private const int MaxPduLength = 4096;
    private const uint MarkerSequence = 0x7FFFFFF0;
    private const uint FirstFuzzSequence = 0x10000000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Random_input_to_a_bound_client_is_answered_right_or_closes_it_cleanly_and_nothing_escapes()
    {
        var random = new Random(Seed);
        var logger = new CollectingLogger(LogLevel.Error);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var options = new SmppClientOptions
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)listener.LocalEndPoint!).Port,
            SystemId = "fuzz",
            Session = new SmppSessionOptions { MaxPduLength = MaxPduLength, EnquireLinkInterval = TimeSpan.Zero },
        };
        // Everything an SMSC may send, and what it may not (submit_sm, binds, …), as seeds; unbind is left out so
        // sessions run long, a mutated command id still produces one now and then.
        var seeds = SamplePdus.All.Where(pair => pair.Key != "unbind").Select(pair => SmppPduEncoder.ToArray(pair.Value())).ToArray();

        int inputs = 0, sessions = 0, answers = 0, unbound = 0, framingBreaks = 0, usableAtEnd = 0;
        var clock = Stopwatch.StartNew();
        while (inputs < TargetInputs && clock.Elapsed < Budget)
        {
            sessions++;
            var accepting = listener.AcceptAsync(TestContext.Current.CancellationToken);
            await using var client = await SmppClient.ConnectAsync(
                options,
                (deliverSm, _) => ValueTask.FromResult(HandlerStatus(deliverSm.SequenceNumber)),
                (dataSm, _) => ValueTask.FromResult(HandlerStatus(dataSm.SequenceNumber)),
                logger: logger,
                cancellationToken: TestContext.Current.CancellationToken);
            await using var peer = new SmscPeer(await accepting);
            var bind = await client.BindAsync(TestContext.Current.CancellationToken);
            Assert.Equal(CommandStatus.Ok, bind.CommandStatus);

            var ending = Ending.None;
            // Above any the client gives its own requests, so no fuzzed response can land on its final submit.
            var sequence = FirstFuzzSequence;
            for (var i = 0; i < InputsPerSession && ending == Ending.None; i++)
            {
                var (input, losesFraming) = PduMutator.Mutate(random, seeds, MaxPduLength);
                BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(12), ++sequence);
                inputs++;
                ending = losesFraming ? Ending.FramingLost : peer.Expect(input);
                await peer.SendAsync(input, split: input.Length > 1 && random.Next(10) == 0 ? random.Next(1, input.Length) : 0);
            }

            if (ending == Ending.None)
            {
                // Still bound: it answers an enquire_link behind everything sent, takes a submit and unbinds.
                peer.Expect(SmppPduEncoder.ToArray(new EnquireLink { SequenceNumber = MarkerSequence }));
                await peer.SendAsync(SmppPduEncoder.ToArray(new EnquireLink { SequenceNumber = MarkerSequence }), split: 0);
                await peer.MarkerAnswered.WaitAsync(RawPeer.Timeout, TestContext.Current.CancellationToken);
                var submit = await client.SubmitAsync(SamplePdus.Submit(), TestContext.Current.CancellationToken).WaitAsync(RawPeer.Timeout);
                Assert.Equal((CommandStatus.Ok, SmscPeer.UsableMessageId), (submit.CommandStatus, submit.MessageId));
                await client.UnbindAsync(TestContext.Current.CancellationToken).WaitAsync(RawPeer.Timeout);
                usableAtEnd++;
            }
            else
            {
                unbound += ending == Ending.Unbound ? 1 : 0;
                framingBreaks += ending == Ending.FramingLost ? 1 : 0;
            }

            await client.Session.Completion.WaitAsync(TimeSpan.FromSeconds(30));
            var outcome = await peer.Drained.WaitAsync(TimeSpan.FromSeconds(30));
            answers += outcome.Answers;
            var reason = client.Session.CloseReason;
            Assert.True(
                ending switch
                {
                    Ending.Unbound => reason == "unbound by the peer",
                    Ending.FramingLost => reason!.Contains("command_length", StringComparison.Ordinal),
                    _ => reason == "unbound",
                },
                $"session {sessions} ({ending}) closed: {reason}; {string.Join(" / ", logger.Errors)}");
            Assert.Equal(SmppSessionState.Closed, client.Session.State);
            Assert.True(outcome.Unanswered.Count == 0, $"session {sessions}: unanswered {string.Join(", ", outcome.Unanswered)}");
            if (ending == Ending.FramingLost)
            {
                Assert.True(outcome.FramingNacks >= 1, $"session {sessions}: no generic_nack ESME_RINVCMDLEN before closing");
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {Seed}: {inputs} inputs in {clock.Elapsed.TotalSeconds:F1} s over {sessions} sessions; {answers} answers checked; {unbound} unbound by a fuzzed unbind; {framingBreaks} framing breaks; {usableAtEnd} usable at the end");
        Assert.True(inputs >= MinimumInputs, $"only {inputs} inputs within {Budget}");
        Assert.Empty(logger.Errors);
        Assert.True(usableAtEnd > 0 && framingBreaks > 0, "the loop should exercise both outcomes");
    }

    /// <summary>What the receipt and MO handlers answer, from the request's own sequence number so the peer can check it.</summary>
    private static CommandStatus HandlerStatus(uint sequenceNumber) =>
        sequenceNumber % 3 == 0 ? CommandStatus.ReceiverTemporaryError : CommandStatus.Ok;


    private enum Ending
    {
        None,
        Unbound,
        FramingLost,
    }

    /// <summary>
    /// The SMSC end: answers the client's bind, submit and unbind, and checks every response the client writes against
    /// the answer expected for the frame of that sequence number.
    /// </summary>
    private sealed class SmscPeer : IAsyncDisposable
    {
        public const string UsableMessageId = "usable";

        private readonly NetworkStream _stream;
        private readonly PipeReader _input;
        private readonly PipeWriter _output;
        private readonly SemaphoreSlim _writing = new(1, 1);
        private readonly TaskCompletionSource _markerAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<uint, (CommandId CommandId, CommandStatus Status)> _expected = new();

        public SmscPeer(Socket socket)
        {
            socket.NoDelay = true;
            _stream = new NetworkStream(socket, ownsSocket: true);
            _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
            _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
            Drained = DrainAsync();
        }

        /// <summary>Completes when the client answered the enquire_link of <see cref="MarkerSequence"/>: it has read all sent before.</summary>
        public Task MarkerAnswered => _markerAnswered.Task;

        /// <summary>Completes when the client closed the connection: what it answered, and which expected answers never came.</summary>
        public Task<(int Answers, int FramingNacks, List<string> Unanswered)> Drained { get; }

        /// <summary>
        /// Records the answer a bound ESME owes <paramref name="frame"/> (SMPP 3.4 §2.3, §4.3.1) before it is sent, and
        /// whether it ends the session.
        /// </summary>
        public Ending Expect(byte[] frame)
        {
            SmppPdu pdu;
            try
            {
                pdu = SmppPduDecoder.Decode(frame);
            }
            catch (SmppPduException exception) when (exception.Header is { IsResponse: false } header)
            {
                var answer = SmppPduDecoder.CreateErrorResponse(header, exception.CommandStatus)!;
                _expected[header.SequenceNumber] = (answer.CommandId, exception.CommandStatus);
                return Ending.None;
            }
            catch (SmppPduException)
            {
                return Ending.None; // a malformed response: it fails nothing pending, nothing answers it
            }

            if (pdu.IsResponse || pdu is AlertNotification)
            {
                return Ending.None;
            }

            var status = pdu switch
            {
                EnquireLink or Unbind => CommandStatus.Ok,
                DeliverSm or DataSm => HandlerStatus(pdu.SequenceNumber),
                _ => CommandStatus.InvalidBindStatus, // an SMSC's request (submit_sm, a bind, outbind …) to a bound ESME
            };
            _expected[pdu.SequenceNumber] = (pdu.CreateResponse(status)?.CommandId ?? CommandId.GenericNack, status);
            return pdu is Unbind ? Ending.Unbound : Ending.None;
        }

        public async Task SendAsync(byte[] frame, int split)
        {
            await _writing.WaitAsync();
            try
            {
                if (split > 0)
                {
                    await _output.WriteAsync(frame.AsMemory(0, split));
                    await _output.WriteAsync(frame.AsMemory(split));
                }
                else
                {
                    await _output.WriteAsync(frame);
                }
            }
            catch (IOException)
            {
                // The client closed (a fuzzed unbind or lost framing): what it still owed is checked by the drain.
            }
            finally
            {
                _writing.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _output.CompleteAsync();
            await _stream.DisposeAsync();
            await Drained.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
            _writing.Dispose();
        }

        private async Task<(int Answers, int FramingNacks, List<string> Unanswered)> DrainAsync()
        {
            int answers = 0, framingNacks = 0;
            while (true)
            {
                var result = await _input.ReadAsync();
                var buffer = result.Buffer;
                FrameError error;
                while (SmppFrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame, out error))
                {
                    var pdu = SmppPduDecoder.Decode(frame);
                    if (!pdu.IsResponse)
                    {
                        await AnswerAsync(pdu);
                        continue;
                    }

                    answers++;
                    if (pdu is GenericNack { CommandStatus: CommandStatus.InvalidCommandLength } && !_expected.ContainsKey(pdu.SequenceNumber))
                    {
                        framingNacks++;
                        continue;
                    }

                    Assert.True(_expected.TryRemove(pdu.SequenceNumber, out var expected), $"an answer to nothing sent, or a second one: {pdu}");
                    Assert.Equal(expected, (pdu.CommandId, pdu.CommandStatus));
                    if (pdu is EnquireLinkResp { SequenceNumber: MarkerSequence })
                    {
                        _markerAnswered.TrySetResult();
                    }
                }

                Assert.Equal(FrameError.None, error);
                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    Assert.True(buffer.IsEmpty, "the client wrote a partial PDU");
                    await _input.CompleteAsync();
                    return (answers, framingNacks, [.. _expected.Select(pair => $"{pair.Value.CommandId}#{pair.Key}")]);
                }
            }
        }

        /// <summary>The SMSC's side of the client's own requests: the bind, the final submit, the final unbind.</summary>
        private async Task AnswerAsync(SmppPdu request)
        {
            var response = request switch
            {
                BindTransceiver bind => new BindTransceiverResp { SystemId = "FUZZ", SequenceNumber = bind.SequenceNumber },
                SubmitSm submit => new SubmitSmResp { MessageId = UsableMessageId, SequenceNumber = submit.SequenceNumber },
                _ => request.CreateResponse(CommandStatus.Ok) ?? throw new InvalidOperationException($"the client sent {request}"),
            };
            await SendAsync(SmppPduEncoder.ToArray(response), split: 0);
        }
    }
}
