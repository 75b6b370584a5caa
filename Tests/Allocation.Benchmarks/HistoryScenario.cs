using System.Diagnostics;
using Allocation.Application;

namespace Allocation.Benchmarks;

/// <summary>Latency of one allocation as the SKU's history grows: one worker, the SKU pre-filled with N allocated lines.</summary>
internal static class HistoryScenario
{
    public static async Task<IReadOnlyList<HistoryResult>> RunAsync(string engine, AllocationService service, RawSql sql, BenchmarkOptions options)
    {
        // A SKU of its own per run, so a database kept between runs (--connection) can be measured again.
        var sku = $"HISTORY-{DateTime.UtcNow:yyyyMMddHHmmss}";
        for (var batch = 0; batch < 10; batch++)
        {
            await service.AddBatchAsync($"{sku}-B{batch}", sku, 1_000_000, batch == 0 ? null : DateOnly.FromDateTime(DateTime.UtcNow).AddDays(batch));
        }

        var results = new List<HistoryResult>();
        var lines = 0;
        foreach (var level in options.HistoryLevels.Order())
        {
            if (level > lines)
            {
                Console.Error.WriteLine($"  history: adding {level - lines:N0} lines...");
                await sql.AddHistoryAsync(sku, level - lines, from: lines + 1);
                lines = level;
            }

            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; clock.Elapsed < TimeSpan.FromSeconds(options.HistorySeconds); i++)
            {
                var started = Stopwatch.GetTimestamp();
                await service.AllocateAsync($"history-{level}-{i}", sku, 1);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            lines += latencies.Count;
            var sorted = latencies.Order().ToArray();
            results.Add(new HistoryResult(engine, level, sorted.Length,
                LoadRunner.Percentile(sorted, 0.50), LoadRunner.Percentile(sorted, 0.95), LoadRunner.Percentile(sorted, 0.99)));
            Console.Error.WriteLine($"  history {level,9:N0} lines: p50 {results[^1].P50Ms:F2} ms over {sorted.Length:N0} allocations");
        }

        return [.. results.Select(r => r with { P50RatioToEmpty = r.P50Ms / results[0].P50Ms })];
    }
}

/// <summary>Latency of one allocation when the SKU already holds <paramref name="Lines"/> allocated lines.</summary>
internal sealed record HistoryResult(string Engine, int Lines, int Allocations, double P50Ms, double P95Ms, double P99Ms)
{
    public double P50RatioToEmpty { get; init; } = 1;
}
