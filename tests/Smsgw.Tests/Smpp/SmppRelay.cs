using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.TestSmsc;

namespace Smsgw.Tests.Smpp;

/// <summary>
/// A TCP relay on 127.0.0.1:0 between the gateway and an SMSC that reads the SMPP it passes on: which submits went to
/// the SMSC and which of them the gateway got an OK <c>submit_sm_resp</c> for. Told to hold, it keeps what the SMSC
/// sends from the gateway, as if lost on the wire, so the SMSC can drop the session while submits are in flight.
/// A session the SMSC closes is closed toward the gateway as the SMSC did: after what was already passed on.
/// </summary>
internal sealed class SmppRelay : IAsyncDisposable
{
    private readonly int _smscPort;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<Link> _links = [];
    private readonly List<string> _acknowledged = [];
    private readonly List<Task> _running = [];
    private readonly Task _acceptLoop;
    private int _heldSubmitResponses;
    private int _inFlightAtDrop;

    public SmppRelay(int smscPort)
    {
        _smscPort = smscPort;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(8);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>The text of every submit whose OK <c>submit_sm_resp</c> was passed on to the gateway, in order.</summary>
    public IReadOnlyList<string> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledged];
            }
        }
    }

    /// <summary><c>submit_sm_resp</c>s the SMSC sent while held: the gateway never saw them.</summary>
    public int HeldSubmitResponses => Volatile.Read(ref _heldSubmitResponses);

    /// <summary>Submits passed on to the SMSC on sessions that have ended, whose response never reached the gateway.</summary>
    public int InFlightAtDrop => Volatile.Read(ref _inFlightAtDrop);

    /// <summary>From now on, nothing the SMSC sends on the sessions open now reaches the gateway; later sessions pass as usual.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            foreach (var link in _links)
            {
                link.Holding = true;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Dispose();
        await _acceptLoop;
        Task[] running;
        lock (_lock)
        {
            foreach (var link in _links)
            {
                link.Close();
            }
            running = [.. _running];
        }
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket gateway;
            try
            {
                gateway = await _listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            lock (_lock)
            {
                _running.Add(RunAsync(gateway));
            }
        }
    }

    private async Task RunAsync(Socket gatewaySocket)
    {
        var smscSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        gatewaySocket.NoDelay = true;
        try
        {
            await smscSocket.ConnectAsync(IPAddress.Loopback, _smscPort);
        }
        catch (SocketException)
        {
            gatewaySocket.Dispose();
            smscSocket.Dispose();
            return;
        }
        var link = new Link(gatewaySocket, smscSocket);
        lock (_lock)
        {
            _links.Add(link);
        }
        using var gateway = new NetworkStream(gatewaySocket, ownsSocket: true);
        using var smsc = new NetworkStream(smscSocket, ownsSocket: true);
        var toSmsc = PumpAsync(gateway, smsc, frame => FromGateway(link, frame), passedOn: null);
        var toGateway = PumpAsync(smsc, gateway, frame => !IsHeld(link, frame), frame => ToGateway(link, frame));
        // Whichever side ends first, the other gets an orderly end after what it was already sent, and is read to
        // its own end, as a TCP peer closing its socket does.
        var first = await Task.WhenAny(toSmsc, toGateway);
        Shutdown(first == toGateway ? gatewaySocket : smscSocket);
        await Task.WhenAll(toSmsc, toGateway);
        lock (_lock)
        {
            _links.Remove(link);
            _inFlightAtDrop += link.Pending.Count;
        }
    }

    /// <summary>Records a submit before the SMSC can answer it.</summary>
    private bool FromGateway(Link link, byte[] frame)
    {
        if (CommandIdOf(frame) == CommandId.SubmitSm)
        {
            var submit = (SubmitSm)SmppPduDecoder.Decode(frame);
            lock (_lock)
            {
                link.Pending[submit.SequenceNumber] = FakeSmsc.Text(submit);
            }
        }
        return true;
    }

    private bool IsHeld(Link link, byte[] frame)
    {
        lock (_lock)
        {
            if (link.Holding && CommandIdOf(frame) == CommandId.SubmitSmResp)
            {
                _heldSubmitResponses++;
            }
            return link.Holding;
        }
    }

    /// <summary>A submit_sm_resp handed to the gateway's socket answers its submit; an OK one acknowledges it.</summary>
    private void ToGateway(Link link, byte[] frame)
    {
        if (CommandIdOf(frame) != CommandId.SubmitSmResp)
        {
            return;
        }
        lock (_lock)
        {
            if (link.Pending.Remove(BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(12)), out var text)
                && BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8)) == (uint)CommandStatus.Ok)
            {
                _acknowledged.Add(text);
            }
        }
    }

    private static CommandId CommandIdOf(byte[] frame) => (CommandId)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4));

    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Copies frame by frame until <paramref name="from"/> ends; a frame the other side no longer takes is dropped.</summary>
    private static async Task PumpAsync(Stream from, Stream to, Func<byte[], bool> passOn, Action<byte[]>? passedOn)
    {
        var reader = PipeReader.Create(from, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                while (SmppFrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame, out _))
                {
                    var bytes = frame.ToArray();
                    if (passOn(bytes))
                    {
                        try
                        {
                            await to.WriteAsync(bytes);
                            passedOn?.Invoke(bytes);
                        }
                        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
                        {
                        }
                    }
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private sealed class Link(Socket gateway, Socket smsc)
    {
        public bool Holding { get; set; }

        /// <summary>Sequence number → text of the submits passed on to the SMSC and not answered toward the gateway.</summary>
        public Dictionary<uint, string> Pending { get; } = [];

        public void Close()
        {
            Shutdown(gateway);
            Shutdown(smsc);
        }
    }
}
