using System.Globalization;
using System.Runtime.InteropServices;

namespace Allocation.Benchmarks;

/// <summary>Prints the Markdown tables and Mermaid charts that docs/performance.md shows.</summary>
internal static class Report
{
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";

    /// <summary>
    /// Where an allocation's CPU goes. When client, host and database share the cores, the floor's
    /// CPU per allocation divided by ours is the ratio that CPU alone allows.
    /// </summary>
    private static void PrintCpu(IReadOnlyList<LoadResult> results)
    {
        static string Ms(double? value) => value is { } ms ? ms.ToString("F3", CultureInfo.InvariantCulture) : "";
        Console.WriteLine("| engine and target | scenario | database CPU ms | host CPU ms | client CPU ms | total CPU ms | floor CPU ÷ ours |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var r in results.Where(r => r.Cpu is not null))
        {
            var cpu = r.Cpu!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Scenario} | {(cpu.DatabaseMs is null ? "(in process)" : Ms(cpu.DatabaseMs))} | {Ms(cpu.HostMs)} | {Ms(cpu.ClientMs)} | {Ms(cpu.TotalMs)} | " +
                $"{(r.FloorCpuMs is { } floor && cpu.TotalMs > 0 ? (floor / cpu.TotalMs).ToString("F2", CultureInfo.InvariantCulture) : "")} |"));
        }
    }

    /// <summary>The event log's cost, and what a follower of GET /events saw during an HTTP spread run.</summary>
    public static void PrintEvents(IReadOnlyList<FeedResult> feeds, IReadOnlyList<EventLogCost> costs)
    {
        if (costs.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| engine | service spread, event log off (allocations/s) | event log on | on ÷ off |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var c in costs)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Engine} | {c.OffPerSecond:N0} | {c.OnPerSecond:N0} | {c.Ratio:F2} |"));
            }
        }

        if (feeds.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("| engine | allocations acknowledged | seen on GET /events | missing | not acknowledged | duplicates | commit-to-subscriber p50 / p99 ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
            foreach (var f in feeds)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {f.Engine} | {f.Acknowledged:N0} | {f.Seen:N0} | {f.Missing} | {f.Unexpected} | {f.Duplicates} | {f.P50Ms:F1} / {f.P99Ms:F1} |"));
            }
        }
    }

    /// <summary>HTTP spread through a host with Redis off, then on, and what a reader of the events stream saw.</summary>
    public static void PrintRedis(IReadOnlyList<RedisResult> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("| engine | HTTP spread, Redis off (allocations/s) | Redis on | on ÷ off | acknowledged | on the stream | missing | not acknowledged | commit-to-stream p50 / p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in runs)
        {
            var f = r.Stream;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f.Engine} | {r.OffPerSecond:N0} | {r.OnPerSecond:N0} | {r.OnPerSecond / r.OffPerSecond:F2} | {f.Acknowledged:N0} | {f.Seen:N0} | {f.Missing} | {f.Unexpected} | {f.P50Ms:F1} / {f.P99Ms:F1} |"));
        }
    }

    /// <summary>
    /// The one table docs/performance.md leads with: every floor, the service in process and the
    /// host over HTTP as shipped, each with its ratio to the floor measured right before it, its
    /// latency and its CPU per allocation.
    /// </summary>
    private static void PrintSummary(IReadOnlyList<LoadResult> results)
    {
        static string Ms(double? value) => value is { } ms ? ms.ToString("F3", CultureInfo.InvariantCulture) : "–";
        Console.WriteLine("| row | scenario | allocations/s | × floor | p50 / p99 ms | CPU ms per allocation: database / host / client / total |");
        Console.WriteLine("|---|---|---:|---:|---|---|");
        foreach (var r in results.Where(r => !r.Target.Contains(',', StringComparison.Ordinal)))
        {
            var cpu = r.Cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Scenario} | {r.PerSecond:N0} | {(r.FloorRatio is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) : "")} | " +
                $"{r.P50Ms:F1} / {r.P99Ms:F1} | {(cpu is null ? "" : $"{Ms(cpu.DatabaseMs)} / {Ms(cpu.HostMs)} / {Ms(cpu.ClientMs)} / {Ms(cpu.TotalMs)}")} |"));
        }
    }

    public static void Print(IReadOnlyList<LoadResult> results, IReadOnlyList<HistoryResult> history)
    {
        Console.WriteLine($"Machine: {Machine()}");
        Console.WriteLine();
        PrintSummary(results);
        Console.WriteLine();
        Console.WriteLine("| engine and target | scenario | allocations/s | × floor | p50 / p95 / p99 ms | units of work per success | failures | consistency |");
        Console.WriteLine("|---|---|---:|---:|---|---:|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Target} | {r.Scenario} | {r.PerSecond:N0} | {(r.FloorRatio is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) : "")} | " +
                $"{r.P50Ms:F1} / {r.P95Ms:F1} / {r.P99Ms:F1} | {(r.UnitsOfWorkPerSuccess is { } units ? units.ToString("F2", CultureInfo.InvariantCulture) : "")} | " +
                $"{(r.Failures.Count == 0 ? "none" : string.Join(", ", r.Failures.Select(f => $"{f.Key} {f.Value}")))} | {r.Consistency} |"));
        }

        Console.WriteLine();
        PrintCpu(results);
        Console.WriteLine();
        Console.WriteLine("| engine | allocated lines already on the SKU | allocations measured | p50 / p95 / p99 ms | p50 vs empty |");
        Console.WriteLine("|---|---:|---:|---|---:|");
        foreach (var h in history)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {h.Engine} | {h.Lines:N0} | {h.Allocations:N0} | {h.P50Ms:F2} / {h.P95Ms:F2} / {h.P99Ms:F2} | {h.P50RatioToEmpty:F2} |"));
        }

        Console.WriteLine();
        Console.WriteLine("```mermaid");
        Console.WriteLine("xychart-beta");
        Console.WriteLine("    title \"Allocations per second (floor vs ours)\"");
        var measured = results.Where(r => r.FloorRatio is not null).ToList();
        Console.WriteLine($"    x-axis [{string.Join(", ", measured.Select(r => $"\"{r.Target} {r.Scenario}\""))}]");
        Console.WriteLine("    y-axis \"allocations/s\"");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    bar [{string.Join(", ", measured.Select(r => r.FloorPerSecond!.Value.ToString("F0", CultureInfo.InvariantCulture)))}]"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    bar [{string.Join(", ", measured.Select(r => r.PerSecond.ToString("F0", CultureInfo.InvariantCulture)))}]"));
        Console.WriteLine("```");
        Console.WriteLine();
        Console.WriteLine("```mermaid");
        Console.WriteLine("xychart-beta");
        Console.WriteLine("    title \"p50 allocation latency (ms) vs lines already allocated\"");
        Console.WriteLine($"    x-axis [{string.Join(", ", history.Select(h => h.Lines).Distinct().Select(l => $"\"{l:N0}\""))}]");
        Console.WriteLine("    y-axis \"p50 ms\"");
        foreach (var engine in history.GroupBy(h => h.Engine))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    line [{string.Join(", ", engine.Select(h => h.P50Ms.ToString("F2", CultureInfo.InvariantCulture)))}]"));
        }

        Console.WriteLine("```");
    }
}
