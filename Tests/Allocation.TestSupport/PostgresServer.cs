using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;
using NUnit.Framework;

namespace Allocation.TestSupport;

/// <summary>
/// The PostgreSQL server tests run against: the one named by <c>ALLOCATION_TEST_POSTGRES</c>
/// (a connection string whose user may create databases), or else a private throwaway cluster
/// started from the installed binaries on a free loopback port and removed afterwards. When
/// neither is possible the tests are skipped, unless <c>ALLOCATION_REQUIRE_POSTGRES=1</c> (CI),
/// where they fail.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;

    private readonly string? _clusterDirectory;
    private readonly string? _binDirectory;
    private readonly int _port;
    private readonly bool _durable;

    private PostgresServer(string adminConnectionString, string? clusterDirectory = null, string? binDirectory = null, int port = 0, bool durable = false)
    {
        AdminConnectionString = adminConnectionString;
        _clusterDirectory = clusterDirectory;
        _binDirectory = binDirectory;
        _port = port;
        _durable = durable;
    }

    /// <summary>A connection string to the server's <c>postgres</c> database, as a superuser or database owner.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Whether this server is a private cluster that tests may stop and start.</summary>
    public bool IsPrivate => _clusterDirectory is not null;

    /// <summary>The private cluster's postmaster process id while it runs; <see langword="null"/> otherwise.</summary>
    public int? PostmasterPid
    {
        get
        {
            var file = _clusterDirectory is null ? null : Path.Combine(_clusterDirectory, "data", "postmaster.pid");
            return file is not null && File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), out var pid) ? pid : null;
        }
    }

    /// <summary>The server for this test run, started on first use; fails or skips the calling test when there is none.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            return _shared ??= Environment.GetEnvironmentVariable("ALLOCATION_TEST_POSTGRES") is { Length: > 0 } external
                ? new PostgresServer(external)
                : await StartPrivateAsync(durable: false);
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

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "allocation_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops a private cluster (fast shutdown), as if the database went away.</summary>
    public Task StopAsync() => PgCtlAsync("-m fast -w stop");

    /// <summary>Starts a private cluster stopped by <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() =>
        PgCtlAsync($"-w -l {Path.Combine(_clusterDirectory!, "server.log")} -o \"{ServerOptions(_port, _clusterDirectory!, _durable)}\" start");

    public async ValueTask DisposeAsync()
    {
        if (_clusterDirectory is null)
        {
            return;
        }

        try
        {
            if (IsRunning)
            {
                await PgCtlAsync("-m immediate -w stop");
            }
        }
        finally
        {
            Directory.Delete(_clusterDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Starts a private cluster of its own, never the shared or external one, so the caller may
    /// stop and start it. With <paramref name="durable"/>, fsync and synchronous commit stay on, as
    /// benchmarks need.
    /// </summary>
    public static async Task<PostgresServer> StartPrivateAsync(bool durable)
    {
        var binDirectory = FindBinaries();
        if (binDirectory is null)
        {
            const string Missing = "PostgreSQL is not installed here (no pg_config or /usr/lib/postgresql/*/bin). " +
                "Install the postgresql package, or set ALLOCATION_TEST_POSTGRES to a connection string.";
            if (Environment.GetEnvironmentVariable("ALLOCATION_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException(Missing);
            }

            Assert.Ignore(Missing);
        }

        var directory = Directory.CreateTempSubdirectory("allocation-pg-").FullName;
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var port = FreePort();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=postgres;Timeout=15;Include Error Detail=true",
            directory, binDirectory!, port, durable);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "pwfile"), password);
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", $"-R postgres:postgres {directory}");
            }

            await server.RunPostgresToolAsync("initdb",
                $"-D {Path.Combine(directory, "data")} -U postgres --pwfile={Path.Combine(directory, "pwfile")} " +
                "--auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8");
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Copies one database into another, empty one, as an operator moving clusters would:
    /// <c>pg_dump -Fc</c>, then <c>pg_restore</c>. Only the rows travel, not the source's transaction history.
    /// </summary>
    /// <param name="source">The database to dump.</param>
    /// <param name="target">The empty database to restore into, on any server.</param>
    public static async Task DumpAndRestoreAsync(string source, string target)
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL's client tools are not installed here.");
        var dump = Path.Combine(Directory.CreateTempSubdirectory("allocation-dump-").FullName, "allocation.dump");
        try
        {
            await RunAsync(Path.Combine(bin, "pg_dump"), $"-Fc -f {dump} {Uri(source)}");
            await RunAsync(Path.Combine(bin, "pg_restore"), $"--no-owner -d {Uri(target)} {dump}");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dump)!, recursive: true);
        }
    }

    private static string Uri(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{System.Uri.EscapeDataString(builder.Username!)}:{System.Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    // Test data: fsync off, for speed. Durable (benchmarks): PostgreSQL's defaults.
    private static string ServerOptions(int port, string directory, bool durable) =>
        $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c max_connections=300" +
        (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

    private Task PgCtlAsync(string arguments) => _clusterDirectory is null
        ? throw new InvalidOperationException("Only a private cluster can be stopped or started.")
        : RunPostgresToolAsync("pg_ctl", $"-D {Path.Combine(_clusterDirectory, "data")} {arguments}");

    private Task RunPostgresToolAsync(string tool, string arguments)
    {
        var path = Path.Combine(_binDirectory!, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", $"-u postgres -- {path} {arguments}")
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string fileName, string arguments)
    {
        // The tools' chatter is discarded by never reading it: pg_ctl's server inherits the pipe,
        // so reading it to the end would wait for the server to stop. Logs go to server.log.
        using var process = Process.Start(new ProcessStartInfo(fileName, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{fileName} {arguments}` exited with {process.ExitCode}.");
        }
    }

    private static string? FindBinaries()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            var bin = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            if (bin is { Length: > 0 } && File.Exists(Path.Combine(bin, "initdb")))
            {
                return bin;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no pg_config on the PATH
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
    }

    private static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port is not (5432 or 54321))
            {
                return port;
            }
        }
    }
}
