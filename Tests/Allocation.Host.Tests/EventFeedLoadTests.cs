using System.Diagnostics;
using System.Net;

namespace Allocation.Host.Tests;

/// <summary>
/// A thousand event streams on one host, then all of them gone at once, while a client allocates
/// (issue 24, item 13). Latency is measured and printed, not asserted (performance belongs to the
/// benchmark); what is asserted is that every allocation succeeds, every stream saw the events,
/// and the host takes new streams after the mass disconnect.
/// </summary>
[NonParallelizable]
public sealed class EventFeedLoadTests
{
    private const int Streams = 1000;

    [Test]
    public async Task A_thousand_streams_and_a_mass_disconnect_leave_allocations_answered()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-feedload-").FullName;
        try
        {
            await using var host = await HostProcess.StartAsync(directory, new Dictionary<string, string>
            {
                ["ConnectionStrings__Allocation"] = $"Data Source={Path.Combine(directory, "load.db")}",
                ["Allocation__Http__MaxFeedConnections"] = $"{Streams + 10}",
                ["Allocation__Http__MaxFeedConnectionsPerClient"] = $"{Streams + 10}",
            });
            using var feed = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Streams + 10 }) { BaseAddress = host.Client.BaseAddress };
            await host.Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 1_000_000 });

            var open = await Task.WhenAll(Enumerable.Range(0, Streams).Select(_ => feed.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead)));
            open.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
            var seen = new int[Streams];
            var readers = open.Select((r, index) => Task.Run(async () =>
            {
                using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
                try
                {
                    while (await reader.ReadLineAsync() is { } line)
                    {
                        if (line == "event: Allocated")
                        {
                            Interlocked.Increment(ref seen[index]);
                        }
                    }
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
                {
                    // disconnected by the test
                }
            })).ToList();

            var during = await AllocateAsync(host.Client, "with-streams", TimeSpan.FromSeconds(5));
            var delivered = Stopwatch.StartNew();
            while (seen.Min() < during.Count && delivered.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            var lagging = seen.Count(count => count < during.Count);
            var clock = Stopwatch.StartNew();
            foreach (var response in open)
            {
                response.Dispose(); // all at once
            }

            await Task.WhenAll(readers);
            var disconnected = clock.Elapsed;
            await Task.Delay(1000); // the test process, which ran the thousand readers, settles
            var after = await AllocateAsync(host.Client, "after-disconnect", TimeSpan.FromSeconds(3));
            using var fresh = await feed.GetAsync("/events/stream", HttpCompletionOption.ResponseHeadersRead);

            await TestContext.Out.WriteLineAsync(
                $"feed load: {Streams} streams; allocations while open: {during.Count}, p50 {Percentile(during, 0.5):0.0} ms, p99 {Percentile(during, 0.99):0.0} ms; " +
                $"every stream had every event {delivered.Elapsed.TotalSeconds:0.0} s after the last; mass disconnect took {disconnected.TotalMilliseconds:0} ms; after it: {after.Count}, p50 {Percentile(after, 0.5):0.0} ms, p99 {Percentile(after, 0.99):0.0} ms (target p99 50 ms)");
            during.Should().NotBeEmpty();
            lagging.Should().Be(0, "every stream saw every allocation");
            fresh.StatusCode.Should().Be(HttpStatusCode.OK, "the host takes new streams after the disconnect");
            var log = await host.StopAndReadOutputAsync();
            log.Split('\n').Where(line => line.Contains("POST /allocations", StringComparison.Ordinal) && line.Contains("answered", StringComparison.Ordinal)).Should()
                .BeEmpty("the host answered no allocation slower than its slow-request threshold (1 s), streams open or dropping");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Allocates one line after another for <paramref name="length"/>; returns each one's latency in milliseconds, every one a 201.</summary>
    private static async Task<List<double>> AllocateAsync(HttpClient client, string prefix, TimeSpan length)
    {
        var latencies = new List<double>();
        var until = Stopwatch.StartNew();
        for (var i = 0; until.Elapsed < length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.PostJsonAsync("/allocations", new { orderid = $"{prefix}-{i}", sku = "LAMP", qty = 1 });
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            await Task.Delay(20); // about 40 allocations a second, each one an event for every stream
        }

        return latencies;
    }

    private static double Percentile(List<double> values, double rank) =>
        values.Count == 0 ? 0 : values.Order().ElementAt(Math.Min(values.Count - 1, (int)(values.Count * rank)));
}
