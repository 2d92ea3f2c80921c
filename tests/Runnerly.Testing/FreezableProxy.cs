using System.Net;
using System.Net.Sockets;

namespace Runnerly.Testing;

/// <summary>
/// A TCP proxy in front of a server (a Redis) that the test can freeze: connections stay open and
/// whatever is sent is accepted, but nothing goes through either way until it thaws — a server
/// that stopped answering without closing anything.
/// </summary>
public sealed class FreezableProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _thawed = Thawed();

    public FreezableProxy(string target)
    {
        var (host, port) = target.Split(':') is [var h, var p] ? (h, int.Parse(p)) : throw new ArgumentException($"Expected host:port, not {target}.", nameof(target));
        (_host, _port) = (host, port);
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>Where clients connect: host:port.</summary>
    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public void Freeze()
    {
        var current = _thawed;
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _thawed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }

    public void Thaw() => _thawed.TrySetResult();

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Thaw();
    }

    private static TaskCompletionSource Thawed()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_host, _port, _stop.Token);
                await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Copies bytes one way, reading nothing more while frozen (the bytes wait in the sockets' buffers).</summary>
    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            await _thawed.Task.WaitAsync(_stop.Token);
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            await _thawed.Task.WaitAsync(_stop.Token);
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}
