using System.Diagnostics;
using System.Globalization;

namespace Allocation.Benchmarks;

/// <summary>
/// CPU time spent by each side of a run: this process (the load client, with SQLite inside it),
/// the host, and the PostgreSQL cluster (its postmaster and backends, read from <c>/proc</c>, so
/// Linux only). Divided by the successes of a run, it says where an allocation's CPU goes.
/// </summary>
internal sealed class CpuMeter(Process? host, int? postmaster)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux architecture .NET runs on

    public CpuReading Read()
    {
        using var self = Process.GetCurrentProcess();
        TimeSpan? hostTime = null;
        if (host is { HasExited: false })
        {
            host.Refresh();
            hostTime = host.TotalProcessorTime;
        }

        return new CpuReading(self.TotalProcessorTime, hostTime, postmaster is { } pid ? ClusterTime(pid) : null);
    }

    /// <summary>The postmaster's own time, its reaped children's, and that of its live children.</summary>
    private static TimeSpan? ClusterTime(int postmaster)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == postmaster)
            {
                ticks += stat.UserTicks + stat.SystemTicks + stat.ChildUserTicks + stat.ChildSystemTicks;
            }
            else if (stat.Parent == postmaster)
            {
                ticks += stat.UserTicks + stat.SystemTicks;
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    private static (int Parent, long UserTicks, long SystemTicks, long ChildUserTicks, long ChildSystemTicks)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' '); // fields[0] is field 3 (state)
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            return ((int)Field(4), Field(14), Field(15), Field(16), Field(17));
        }
        catch (IOException)
        {
            return null; // the process ended between listing and reading
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>Cumulative CPU time of each side at one moment (null where it cannot be read).</summary>
internal sealed record CpuReading(TimeSpan Client, TimeSpan? Host, TimeSpan? Database)
{
    /// <summary>CPU milliseconds per allocation between <paramref name="start"/> and this reading.</summary>
    public CpuPerAllocation Since(CpuReading start, int allocations)
    {
        double? PerAllocation(TimeSpan? end, TimeSpan? begin) =>
            end is { } e && begin is { } b && allocations > 0 ? (e - b).TotalMilliseconds / allocations : null;
        return new CpuPerAllocation(PerAllocation(Client, start.Client) ?? 0, PerAllocation(Host, start.Host), PerAllocation(Database, start.Database));
    }
}

/// <summary>CPU milliseconds one allocation cost each side.</summary>
internal sealed record CpuPerAllocation(double ClientMs, double? HostMs, double? DatabaseMs)
{
    public double TotalMs => ClientMs + (HostMs ?? 0) + (DatabaseMs ?? 0);
}
