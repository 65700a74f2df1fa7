using System.IO.Pipelines;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>Two ends of an in-memory connection: what one writes, the other reads.</summary>
internal sealed class InMemoryConnection
{
    public InMemoryConnection(PipeOptions? clientOutput = null)
    {
        var toServer = new Pipe(clientOutput ?? PipeOptions.Default);
        var toClient = new Pipe();
        Server = new DuplexPipe(toServer.Reader, toClient.Writer);
        Client = new DuplexPipe(toClient.Reader, toServer.Writer);
    }

    public IDuplexPipe Server { get; }

    public IDuplexPipe Client { get; }
}
