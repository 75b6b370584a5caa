using System.Diagnostics;
using Npgsql;

namespace Allocation.TestSupport;

/// <summary>A private cluster's synchronous streaming standby, for failover tests.</summary>
public sealed partial class PostgresServer
{
    /// <summary>The application name the standby streams under, as <c>synchronous_standby_names</c> names it.</summary>
    private const string StandbyName = "s1";

    /// <summary>The loopback port the private cluster listens on.</summary>
    public int Port => _port;

    /// <summary>Whether the private cluster's postmaster runs.</summary>
    public bool IsRunning
    {
        get
        {
            if (PostmasterPid is not { } pid)
            {
                return false;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Starts a streaming standby of this private cluster, in a cluster of its own on another free
    /// port, and makes it synchronous: from then on every commit this primary acknowledges is on
    /// the standby too. The primary must have been started with <c>durable: true</c>.
    /// </summary>
    public async Task<PostgresServer> StartSynchronousStandbyAsync()
    {
        if (_clusterDirectory is null || !_durable)
        {
            throw new InvalidOperationException("Only a private, durable cluster can have a synchronous standby.");
        }

        var password = new NpgsqlConnectionStringBuilder(AdminConnectionString).Password;
        var directory = Directory.CreateTempSubdirectory("allocation-pg-standby-").FullName;
        var port = FreePort();
        var standby = new PostgresServer(
            new NpgsqlConnectionStringBuilder(AdminConnectionString) { Port = port }.ToString(), directory, _binDirectory, port, durable: true);
        try
        {
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", $"-R postgres:postgres {directory}");
            }

            var data = Path.Combine(directory, "data");
            var primary = $"host=127.0.0.1 port={_port} user=postgres password={password} application_name={StandbyName}";
            await RunPostgresToolAsync("pg_basebackup", $"-d \"{primary}\" -D {data} -R -X stream -c fast");
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.auto.conf"), $"primary_conninfo = '{primary}'\n");
            await standby.StartAgainAsync();
            await WaitUntilStreamingAsync();
            await ExecuteAsync($"ALTER SYSTEM SET synchronous_standby_names = '{StandbyName}'");
            await ExecuteAsync("SELECT pg_reload_conf()");
            return standby;
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the private cluster's postmaster and every backend with SIGKILL, as a lost machine would.</summary>
    public void Kill()
    {
        using var postmaster = Process.GetProcessById(PostmasterPid ?? throw new InvalidOperationException("The cluster is not running."));
        postmaster.Kill(entireProcessTree: true);
        postmaster.WaitForExit();
    }

    /// <summary>Promotes a standby to primary, waiting until it takes writes.</summary>
    public Task PromoteAsync() => PgCtlAsync("-w promote");

    private async Task WaitUntilStreamingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FROM pg_stat_replication WHERE application_name = '{StandbyName}' AND state = 'streaming'", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The standby did not start streaming within 60 s.");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
