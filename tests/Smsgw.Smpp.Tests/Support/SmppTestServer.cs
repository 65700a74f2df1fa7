using System.Collections.Concurrent;
using System.Net;
using Smsgw.Smpp.Codec;
using Smsgw.Smpp.Pdus;
using Smsgw.Smpp.Sessions;

namespace Smsgw.Smpp.Tests.Support;

/// <summary>An SMSC on 127.0.0.1:0 built on the SMSC role: password "secret", message ids "msg-N", and a gate to hold submits.</summary>
internal sealed class SmppTestServer : IAsyncDisposable
{
    private int _lastId;

    public SmppTestServer(SmppSessionOptions? session = null, TimeProvider? timeProvider = null, Func<SubmitSm, Task>? beforeSubmitAnswer = null)
    {
        Server = new SmppServer(
            new SmppServerOptions { SystemId = "TestSMSC", Session = session ?? new SmppSessionOptions() },
            new SmppServerHandlers
            {
                Bind = (_, bind, _) => ValueTask.FromResult(bind.Password == "secret" ? CommandStatus.Ok : CommandStatus.InvalidPassword),
                SubmitSm = async (_, submit, cancellationToken) =>
                {
                    Submits.Enqueue(submit);
                    SubmitReceived.Release();
                    if (beforeSubmitAnswer is not null)
                    {
                        await beforeSubmitAnswer(submit).WaitAsync(cancellationToken);
                    }

                    return SubmitSmResult.Accepted($"msg-{Interlocked.Increment(ref _lastId)}");
                },
            },
            timeProvider,
            Logger);
        EndPoint = Server.Start(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public SmppServer Server { get; }

    public IPEndPoint EndPoint { get; }

    public CollectingLogger Logger { get; } = new();

    public ConcurrentQueue<SubmitSm> Submits { get; } = new();

    public SemaphoreSlim SubmitReceived { get; } = new(0);

    public SmppClientOptions ClientOptions(string password = "secret", SmppSessionOptions? session = null) => new()
    {
        Host = EndPoint.Address.ToString(),
        Port = EndPoint.Port,
        SystemId = "esme01",
        Password = password,
        BindMode = SmppBindMode.Transceiver,
        Session = session ?? new SmppSessionOptions(),
    };

    public async Task WaitForSubmitsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.True(await SubmitReceived.WaitAsync(RawPeer.Timeout), "the SMSC did not receive the submit in time");
        }
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static class Assert
    {
        public static void True(bool condition, string message)
        {
            if (!condition)
            {
                throw new TimeoutException(message);
            }
        }
    }
}
