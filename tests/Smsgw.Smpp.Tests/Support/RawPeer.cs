using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>
/// The other end of a connection driven byte by byte by a test: writes raw frames or PDUs, reads whole PDUs back.
/// Over loopback TCP or an in-memory pipe.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly IDuplexPipe _pipe;
    private readonly IAsyncDisposable? _owner;

    public RawPeer(IDuplexPipe pipe, IAsyncDisposable? owner = null)
    {
        _pipe = pipe;
        _owner = owner;
    }

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        var stream = new NetworkStream(socket, ownsSocket: true);
        return new RawPeer(new StreamPipe(stream), stream);
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _pipe.Output.WriteAsync(bytes);
    }

    public Task SendAsync(SmppPdu pdu) => SendAsync(SmppPduEncoder.ToArray(pdu));

    /// <summary>The next PDU, or null when the other side closed.</summary>
    public async Task<SmppPdu?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var result = await _pipe.Input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (SmppFrameReader.TryReadFrame(ref buffer, 1 << 20, out var frame, out _))
            {
                var pdu = SmppPduDecoder.Decode(frame);
                _pipe.Input.AdvanceTo(buffer.Start); // frames behind this one are not examined yet
                return pdu;
            }

            _pipe.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    public async Task<T> ReceiveAsync<T>()
        where T : SmppPdu
    {
        var pdu = await ReceiveAsync();
        return pdu as T ?? throw new InvalidOperationException($"Expected {typeof(T).Name}, got {pdu?.ToString() ?? "end of stream"}.");
    }

    /// <summary>Binds as transceiver and returns the response.</summary>
    public async Task<SmppPdu> BindAsync(string systemId = "esme", string password = "secret")
    {
        await SendAsync(new BindTransceiver { SystemId = systemId, Password = password, SequenceNumber = 1 });
        return (await ReceiveAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await _pipe.Output.CompleteAsync();
        await _pipe.Input.CompleteAsync();
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }

    private sealed class StreamPipe(Stream stream) : IDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

        public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }
}
