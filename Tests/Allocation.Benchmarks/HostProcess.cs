using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Allocation.Benchmarks;

/// <summary>
/// The real host, built in Release and started on a free loopback port against the benchmark's
/// database, configured as shipped: only the database settings and the environment are given, and
/// its console output is read (and dropped) as a log pipeline would read it.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The host's own process (not a <c>dotnet run</c> wrapper), for its CPU time.</summary>
    public Process Process => _process;

    public static async Task<HostProcess> StartAsync(string root, string provider, string connectionString, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = Path.Combine(root, "Host", "bin", "Release", "net10.0");
        await BuildAsync(root);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(output, "Allocation.Host.dll")])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Allocation__Database__Provider"] = provider,
                ["ConnectionStrings__Allocation"] = connectionString,
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return await StartAsync(start, "host");
    }

    /// <summary>This benchmark's own <see cref="BareEndpoint"/>, in a process of its own.</summary>
    public static Task<HostProcess> StartBareEndpointAsync() =>
        StartAsync(new ProcessStartInfo("dotnet", [typeof(HostProcess).Assembly.Location, BareEndpoint.Command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }, "bare endpoint");

    private static async Task<HostProcess> StartAsync(ProcessStartInfo start, string name)
    {
        var port = FreePort();
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  {name}: {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var client = new HttpClient { BaseAddress = host.Address };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {name} exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        await host.DisposeAsync();
        throw new TimeoutException($"The {name} did not become ready within 3 minutes.");
    }

    private static async Task BuildAsync(string root)
    {
        Console.Error.WriteLine("  building the host (Release)...");
        using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "--nologo", "-v", "q", Path.Combine(root, "Host")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var log = build.StandardOutput.ReadToEndAsync();
        await build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the host failed:{Environment.NewLine}{await log}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
