using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>Keeps what was logged, so a test can assert that nothing went wrong inside a session's loops.</summary>
internal sealed class CollectingLogger(LogLevel minimumLevel = LogLevel.Debug) : ILogger
{
    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public IEnumerable<string> Errors => Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.EventId.Id} {e.Message} {e.Exception}");

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Entries.Enqueue((logLevel, eventId, formatter(state, exception), exception));
        }
    }
}
