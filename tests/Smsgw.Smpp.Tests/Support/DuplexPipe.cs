using System.IO.Pipelines;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>One end of a connection made of two pipes: what it reads, and where it writes.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
