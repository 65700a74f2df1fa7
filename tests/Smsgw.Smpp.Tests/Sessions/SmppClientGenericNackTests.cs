using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;
using Smsgw.Smpp.Tests.Support;
using Xunit;

namespace Smsgw.Smpp.Tests.Sessions;

/// <summary>
/// A <c>generic_nack</c> answering a request means the SMSC did not process it (SMPP 3.4 §4.3.1): the client never
/// reports it as success, whatever the nack's status, and keeps the nack for the caller.
/// </summary>
public sealed class SmppClientGenericNackTests
{
    [Theory]
    [InlineData(CommandStatus.Ok, CommandStatus.UnknownError)]
    [InlineData(CommandStatus.InvalidCommandId, CommandStatus.InvalidCommandId)]
    [InlineData(CommandStatus.Throttled, CommandStatus.Throttled)]
    public async Task A_submit_answered_by_generic_nack_is_refused_with_the_nack_attached(CommandStatus nackStatus, CommandStatus refusal)
    {
        await using var pair = await ConnectedPair.StartAsync();
        var binding = pair.Client.BindAsync(TestContext.Current.CancellationToken);
        var bind = await pair.Peer.ReceiveAsync<BindTransceiver>();
        await pair.Peer.SendAsync(new BindTransceiverResp { SystemId = "SMSC", SequenceNumber = bind.SequenceNumber });
        Assert.Equal(CommandStatus.Ok, (await binding).CommandStatus);

        var submitting = pair.Client.SubmitAsync(SamplePdus.Submit(), TestContext.Current.CancellationToken);
        var submit = await pair.Peer.ReceiveAsync<SubmitSm>();
        await pair.Peer.SendAsync(new GenericNack { CommandStatus = nackStatus, SequenceNumber = submit.SequenceNumber });
        var refused = await submitting.WaitAsync(RawPeer.Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(refusal, refused.CommandStatus);
        Assert.Equal(string.Empty, refused.MessageId);
        Assert.Equal(nackStatus, refused.GenericNack?.CommandStatus);
        Assert.Equal(submit.SequenceNumber, refused.SequenceNumber);

        // The nack refused one PDU, not the session: the next submit is answered as usual.
        var next = pair.Client.SubmitAsync(SamplePdus.Submit(), TestContext.Current.CancellationToken);
        var again = await pair.Peer.ReceiveAsync<SubmitSm>();
        await pair.Peer.SendAsync(new SubmitSmResp { MessageId = "42", SequenceNumber = again.SequenceNumber });
        var accepted = await next.WaitAsync(RawPeer.Timeout, TestContext.Current.CancellationToken);
        Assert.Equal((CommandStatus.Ok, "42", (GenericNack?)null), (accepted.CommandStatus, accepted.MessageId, accepted.GenericNack));
    }

    [Fact]
    public async Task A_bind_answered_by_generic_nack_of_status_0_is_refused_and_leaves_the_session_open()
    {
        await using var pair = await ConnectedPair.StartAsync();

        var binding = pair.Client.BindAsync(TestContext.Current.CancellationToken);
        var bind = await pair.Peer.ReceiveAsync<BindTransceiver>();
        await pair.Peer.SendAsync(new GenericNack { CommandStatus = CommandStatus.Ok, SequenceNumber = bind.SequenceNumber });
        var response = await binding.WaitAsync(RawPeer.Timeout, TestContext.Current.CancellationToken);

        Assert.Equal(CommandStatus.UnknownError, response.CommandStatus);
        Assert.Equal(SmppSessionState.Open, pair.Client.Session.State);
    }

    /// <summary>A client connected over loopback TCP to a raw peer that plays the SMSC by hand.</summary>
    private sealed class ConnectedPair : IAsyncDisposable
    {
        private ConnectedPair(SmppClient client, RawPeer peer)
        {
            Client = client;
            Peer = peer;
        }

        public SmppClient Client { get; }

        public RawPeer Peer { get; }

        public static async Task<ConnectedPair> StartAsync()
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(1);
            var accepting = listener.AcceptAsync(TestContext.Current.CancellationToken);
            var client = await SmppClient.ConnectAsync(
                new SmppClientOptions { Host = "127.0.0.1", Port = ((IPEndPoint)listener.LocalEndPoint!).Port, SystemId = "esme" },
                cancellationToken: TestContext.Current.CancellationToken);
            var stream = new NetworkStream(await accepting, ownsSocket: true);
            var pipe = new DuplexPipe(
                PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)),
                PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
            return new ConnectedPair(client, new RawPeer(pipe, stream));
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Peer.DisposeAsync();
        }
    }
}
