using System.Diagnostics;

namespace Allocation.Benchmarks;

/// <summary>One way to allocate 1 unit: returns null on success, or the failure's code.</summary>
internal interface IAllocationTarget
{
    string Name { get; }

    Task<string?> AllocateAsync(string orderId, string sku, CancellationToken cancellationToken);

    /// <summary>How many workers this target runs with, when it needs a number of its own (a single-writer floor).</summary>
    int? Workers => null;

    /// <summary>Called between the warm-up and the measured run, to restart any counters.</summary>
    void StartMeasuring()
    {
    }
}

/// <summary>Runs concurrent workers against a target until the time is up, showing progress on stderr.</summary>
internal static class LoadRunner
{
    /// <summary>Warms up (JIT, pools, caches) for <paramref name="warmup"/>, unrecorded, then measures for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> RunAsync(
        IAllocationTarget target, string scenario, int workers, TimeSpan warmup, TimeSpan duration, Func<Random, string> pickSku, string orderPrefix, CpuMeter cpu)
    {
        workers = target.Workers ?? workers;
        var warm = await RunOnceAsync(target, "warm-up", workers, warmup, pickSku, orderPrefix + "w").ConfigureAwait(false);
        target.StartMeasuring();
        var before = cpu.Read();
        var result = await RunOnceAsync(target, scenario, workers, duration, pickSku, orderPrefix).ConfigureAwait(false);
        return result with { WarmupSuccesses = warm.Successes, Cpu = cpu.Read().Since(before, result.Successes) };
    }

    /// <summary>Runs the target unrecorded, for JIT tiering, pools and caches to settle.</summary>
    public static Task WarmUpAsync(IAllocationTarget target, string label, int workers, TimeSpan duration, Func<Random, string> pickSku, string orderPrefix) =>
        RunOnceAsync(target, $"{label} warm-up", workers, duration, pickSku, orderPrefix);

    private static async Task<LoadResult> RunOnceAsync(
        IAllocationTarget target, string scenario, int workers, TimeSpan duration, Func<Random, string> pickSku, string orderPrefix)
    {
        var clock = Stopwatch.StartNew();
        var done = 0L;
        using var stop = new CancellationTokenSource();
        var progress = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Console.Error.Write($"\r  {scenario,-8} {target.Name,-8} {clock.Elapsed.TotalSeconds,5:F0} s / {duration.TotalSeconds:F0} s  {Interlocked.Read(ref done),9:N0} done ");
                await Task.Delay(500).ConfigureAwait(false);
            }
        });

        var tallies = await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker * 7919);
            var tally = new Tally();
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await target.AllocateAsync($"{orderPrefix}-{worker}-{i}", pickSku(random), CancellationToken.None).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // a benchmark counts every failure rather than stopping
                catch (Exception e)
#pragma warning restore CA1031
                {
                    failure = e.GetType().Name;
                }

                if (failure is null)
                {
                    tally.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    tally.Failures[failure] = tally.Failures.GetValueOrDefault(failure) + 1;
                }

                Interlocked.Increment(ref done);
            }

            return tally;
        }))).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        Console.Error.WriteLine();

        var latencies = tallies.SelectMany(t => t.Latencies).Order().ToArray();
        return new LoadResult(
            scenario, target.Name, latencies.Length, latencies.Length / elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            tallies.SelectMany(t => t.Failures).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value)));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private sealed class Tally
    {
        public List<double> Latencies { get; } = [];

        public Dictionary<string, int> Failures { get; } = [];
    }
}

/// <summary>What one target measured in one scenario.</summary>
internal sealed record LoadResult(
    string Scenario, string Target, int Successes, double PerSecond, double P50Ms, double P95Ms, double P99Ms, IReadOnlyDictionary<string, int> Failures)
{
    /// <summary>Successes during the unrecorded warm-up (their rows are in the database too).</summary>
    public int WarmupSuccesses { get; init; }

    /// <summary>Units of work started per success, when the target counts them: below 1 when allocations share them, above 1 with retries.</summary>
    public double? UnitsOfWorkPerSuccess { get; init; }

    /// <summary>The floor's throughput, measured right before this result on the same database.</summary>
    public double? FloorPerSecond { get; init; }

    /// <summary>The floor's CPU milliseconds per allocation, measured in the same run as <see cref="FloorPerSecond"/>.</summary>
    public double? FloorCpuMs { get; init; }

    /// <summary>This result's throughput as a share of the floor's.</summary>
    public double? FloorRatio => FloorPerSecond is { } floor ? PerSecond / floor : null;

    /// <summary>CPU milliseconds per allocation on each side during the measured run.</summary>
    public CpuPerAllocation? Cpu { get; init; }

    /// <summary>Rows, over-allocated batches and total mismatches found after the run (null when not checked).</summary>
    public Consistency? Consistency { get; init; }
}
