using System.Diagnostics;
using Allocation.Application;
using Allocation.Domain;
using Allocation.TestSupport;

namespace Allocation.Benchmarks;

/// <summary>Runs concurrent workers, each allocating 1 unit for a unique order, until the time is up.</summary>
internal static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(
        string name, AllocationService service, CountingUnitOfWorkFactory unitsOfWork, Workload workload, Func<Random, string> pickSku)
    {
        var runId = Guid.NewGuid().ToString("N")[..8];
        var deadline = Stopwatch.StartNew();
        var createdBefore = unitsOfWork.Created;
        var perWorker = await Task.WhenAll(Enumerable.Range(0, workload.Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            var tally = new Tally();
            for (var i = 0; deadline.Elapsed < workload.RunFor; i++)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await service.AllocateAsync($"{runId}-{worker}-{i}", pickSku(random), 1);
                    tally.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (AllocationException e)
                {
                    tally.Failures[e.Code] = tally.Failures.GetValueOrDefault(e.Code) + 1;
                }
#pragma warning disable CA1031 // a benchmark counts every failure rather than stopping
                catch (Exception e)
#pragma warning restore CA1031
                {
                    tally.Failures[e.GetType().Name] = tally.Failures.GetValueOrDefault(e.GetType().Name) + 1;
                }

                tally.Attempts++;
            }

            return tally;
        })));
        var elapsed = deadline.Elapsed;

        var latencies = perWorker.SelectMany(t => t.Latencies).Order().ToArray();
        var failures = perWorker.SelectMany(t => t.Failures).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value));
        var attempts = perWorker.Sum(t => t.Attempts);
        var retries = unitsOfWork.Created - createdBefore - attempts;
        return new ScenarioResult(
            name, latencies.Length, latencies.Length / elapsed.TotalSeconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99),
            failures, latencies.Length == 0 ? 0 : (double)retries / latencies.Length);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private sealed class Tally
    {
        public List<double> Latencies { get; } = [];

        public Dictionary<string, int> Failures { get; } = [];

        public int Attempts { get; set; }
    }
}

/// <summary>What one scenario measured.</summary>
internal sealed record ScenarioResult(
    string Name, int Successes, double PerSecond, double P50Ms, double P95Ms, double P99Ms,
    IReadOnlyDictionary<string, int> Failures, double RetriesPerSuccess);
