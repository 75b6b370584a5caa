using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NUnit.Framework;

namespace Allocation.TestSupport;

/// <summary>
/// The Redis server tests run against: the one named by <c>ALLOCATION_TEST_REDIS</c> (<c>host:port</c>),
/// or else a private <c>redis-server</c> started on a free loopback port with no persistence, and
/// stopped afterwards. When neither is possible the tests are skipped, unless
/// <c>ALLOCATION_REQUIRE_REDIS=1</c> (CI), where they fail. A test that must stop and start Redis
/// starts a private one of its own (<see cref="StartPrivateAsync"/>).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Missing = "No Redis server: set ALLOCATION_TEST_REDIS=host:port, or install redis-server (apt-get install redis-server).";
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private static RedisServer? _shared;

    private readonly string? _directory;
    private readonly bool _durable;
    private Process? _process;

    private RedisServer(string endpoint, string? directory = null, bool durable = false)
    {
        Endpoint = endpoint;
        _directory = directory;
        _durable = durable;
    }

    /// <summary><c>127.0.0.1:port</c>, usable as a StackExchange.Redis connection string.</summary>
    public string Endpoint { get; }

    /// <summary>The server for this test run, started on first use; fails or skips the calling test when there is none.</summary>
    public static async Task<RedisServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            return _shared ??= Environment.GetEnvironmentVariable("ALLOCATION_TEST_REDIS") is { Length: > 0 } external
                ? new RedisServer(external)
                : await StartPrivateAsync();
        }
        finally
        {
            SharedGate.Release();
        }
    }

    /// <summary>Stops the shared server, if one was started; call from an assembly-level tear-down.</summary>
    public static async Task StopSharedAsync()
    {
        if (Interlocked.Exchange(ref _shared, null) is { } server)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts a private server on a free loopback port (never 6379 or 63791), bound to 127.0.0.1 only.
    /// A <paramref name="durable"/> one keeps an append-only file, so what it held survives <see cref="StopAsync"/>.
    /// </summary>
    public static async Task<RedisServer> StartPrivateAsync(bool durable = false)
    {
        var binary = Binaries.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            if (Environment.GetEnvironmentVariable("ALLOCATION_REQUIRE_REDIS") == "1")
            {
                Assert.Fail(Missing);
            }

            Assert.Ignore(Missing);
        }

        var directory = Directory.CreateTempSubdirectory("allocation-redis-").FullName;
        var port = FreePort();
        var server = new RedisServer($"127.0.0.1:{port}", directory, durable);
        await server.StartProcessAsync(binary!, port);
        return server;
    }

    /// <summary>
    /// Stops a private server, keeping its port for <see cref="StartAgainAsync"/>: a durable one as an
    /// operator would (SIGTERM: it flushes its append-only file), any other at once.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            if (_durable)
            {
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }
            else
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
        }
    }

    /// <summary>Starts a stopped private server again on the same port.</summary>
    public Task StartAgainAsync()
    {
        var binary = Binaries.First(File.Exists);
        return StartProcessAsync(binary, int.Parse(Endpoint.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartProcessAsync(string binary, int port)
    {
        _process?.Dispose();
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", _durable ? "yes" : "no", "--appendfsync", "always", "--dir", _directory!, "--protected-mode", "yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"redis-server did not listen on {port} within 20 s.");
    }

    private static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port is not (6379 or 63791))
            {
                return port;
            }
        }
    }
}
