using System.Net;
using System.Net.Sockets;

namespace Smsgw.Tests;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of PostgreSQL that a test can cut (every connection closed, new ones
/// refused) and restore: the database "goes away" for one gateway without stopping the server other tests share.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _running = new();

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _running.Token);
    }

    public int Port { get; }

    public void Cut()
    {
        _running.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }
            _open.Clear();
        }
    }

    public void Restore()
    {
        _running = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _ = AcceptAsync(_listener, _running.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var inbound = await listener.AcceptTcpClientAsync(cancellationToken);
                var outbound = new TcpClient();
                await outbound.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
                lock (_open)
                {
                    _open.Add(inbound);
                    _open.Add(outbound);
                }
                _ = PumpAsync(inbound, outbound, cancellationToken);
                _ = PumpAsync(outbound, inbound, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
