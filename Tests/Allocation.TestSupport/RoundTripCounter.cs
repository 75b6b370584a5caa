using System.Net;
using System.Net.Sockets;

namespace Allocation.TestSupport;

/// <summary>
/// A loopback TCP relay in front of a database server that counts round trips: each read of what
/// the client sent is one request. A driver writes a whole request (a batch, its Sync) and then
/// waits for the answer, so on loopback one request arrives in one read.
/// </summary>
public sealed class RoundTripCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _relays = [];
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Task _accepting;
    private int _requests;

    private RoundTripCounter(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The relay's port on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Requests sent by clients since the start or the last <see cref="Reset"/>.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Starts a relay to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static RoundTripCounter Start(string host, int port) => new(host, port);

    /// <summary>Starts counting from zero.</summary>
    public void Reset() => Interlocked.Exchange(ref _requests, 0);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _relays]).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            await server.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            lock (_relays)
            {
                _relays.Add(PumpAsync(client, server, count: true));
                _relays.Add(PumpAsync(server, client, count: false));
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool count)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                if (count)
                {
                    Interlocked.Increment(ref _requests);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the relay is stopping or a side hung up
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
