using System.IO.Pipelines;

namespace Smsgw.Smpp.Sessions;

/// <summary>A duplex pipe over a stream (a <c>NetworkStream</c>, an <c>SslStream</c>); disposing it disposes the stream.</summary>
internal sealed class StreamTransport : IDuplexPipe, IAsyncDisposable
{
    private readonly Stream _stream;

    public StreamTransport(Stream stream)
    {
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
