using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Allocation.Host.Tests;

/// <summary>The real host process (<c>dotnet Allocation.Host.dll</c>) on a free loopback port, which a test can kill with SIGKILL.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;
    private string? _ownDirectory;

    private HostProcess(Process process, int port)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _errors = process.StandardError.ReadToEndAsync();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the host in <paramref name="workingDirectory"/> with the given environment and waits
    /// until it is ready. Its URL is given with <c>--urls</c>, or, when <paramref name="urlVariable"/>
    /// names one, in that environment variable, as a container image would.
    /// </summary>
    public static async Task<HostProcess> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, string? urlVariable = null)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", urlVariable is null ? [HostDll(), "--urls", url] : [HostDll()])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        if (urlVariable is not null)
        {
            start.Environment[urlVariable] = url;
        }

        var host = new HostProcess(Process.Start(start)!, port);
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>Ends the process at once with SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true); // SIGKILL on Linux
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop with SIGTERM, as a container runtime or systemd does, and waits until it has.</summary>
    /// <returns>Its exit code.</returns>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Kills the process and returns what it wrote to standard output.</summary>
    public async Task<string> StopAndReadOutputAsync()
    {
        await KillAsync();
        return await _output;
    }

    /// <summary>Starts the host on a SQLite database of its own, in a temporary directory that goes when the host is disposed.</summary>
    public static async Task<HostProcess> StartOnItsOwnDatabaseAsync(string name)
    {
        var directory = Directory.CreateTempSubdirectory($"allocation-{name}-").FullName;
        try
        {
            var host = await StartAsync(directory, new Dictionary<string, string> { ["ConnectionStrings__Allocation"] = $"Data Source={Path.Combine(directory, "host.db")}" });
            host._ownDirectory = directory;
            return host;
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        TestContext.Out.WriteLine(await _output);
        TestContext.Out.WriteLine(await _errors);
        Client.Dispose();
        _process.Dispose();
        if (_ownDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_ownDirectory, recursive: true);
        }
    }

    /// <summary>The host built next to this test project, in the same configuration.</summary>
    public static string HostDll()
    {
        var testDirectory = TestContext.CurrentContext.TestDirectory; // …/Tests/Allocation.Host.Tests/bin/<config>/net10.0
        var configuration = new DirectoryInfo(testDirectory).Parent!.Name;
        var root = new DirectoryInfo(testDirectory).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "Host", "bin", configuration, "net10.0", "Allocation.Host.dll");
        File.Exists(dll).Should().BeTrue($"the host is built at {dll}");
        return dll;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            _process.HasExited.Should().BeFalse("the host must keep running");
            try
            {
                if ((await Client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        Assert.Fail("The host did not become ready within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
