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

    private static ReadOnlySpan<byte> AllocatedLine => "event: Allocated\n"u8;

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
                // A load generator, kept cheap so that it takes little of the machine from the host:
                // it counts event lines in raw bytes (a frame is never split across them in a way
                // that matters here: the marker is searched across the previous read's tail too).
                var stream = await r.Content.ReadAsStreamAsync();
                var buffer = new byte[16 * 1024];
                var carry = 0;
                try
                {
                    while (await stream.ReadAsync(buffer.AsMemory(carry)) is > 0 and var read)
                    {
                        var text = buffer.AsSpan(0, carry + read);
                        for (var at = text.IndexOf(AllocatedLine); at >= 0; at = text.IndexOf(AllocatedLine))
                        {
                            Interlocked.Increment(ref seen[index]);
                            text = text[(at + AllocatedLine.Length)..];
                        }

                        carry = Math.Min(text.Length, AllocatedLine.Length - 1);
                        text[^carry..].CopyTo(buffer);
                    }
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
                {
                    // disconnected by the test
                }
            })).ToList();

            var hostBefore = await HostAnswersAsync(host.Client);
            var during = await AllocateAsync(host.Client, "with-streams", TimeSpan.FromSeconds(5));
            var hostDuring = await HostAnswersAsync(host.Client);
            var delivered = Stopwatch.StartNew();
            while (seen.Min() < during.Count && delivered.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(100);
            }

            var caughtUp = delivered.Elapsed;
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
                $"feed load: {Streams} streams; allocations while open: {during.Count}, p50 {Percentile(during, 0.5):0.0} ms, p99 {Percentile(during, 0.99):0.0} ms " +
                $"(the host's own histogram: {hostDuring.Within25Ms - hostBefore.Within25Ms} of {hostDuring.All - hostBefore.All} answered within 25 ms, {hostDuring.Within50Ms - hostBefore.Within50Ms} within 50 ms); " +
                $"every stream had every event {caughtUp.TotalMilliseconds:0} ms after the last; mass disconnect took {disconnected.TotalMilliseconds:0} ms; after it: {after.Count}, p50 {Percentile(after, 0.5):0.0} ms, p99 {Percentile(after, 0.99):0.0} ms (target p99 50 ms)");
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

    /// <summary>
    /// Allocates one line after another for <paramref name="length"/>, about 40 a second; returns
    /// each one's latency in milliseconds, every one a 201. The client runs on a thread of its own
    /// with blocking sends: its answer is read on that thread, not queued in this process's thread
    /// pool behind the thousand readers the same event wakes.
    /// </summary>
    private static Task<List<double>> AllocateAsync(HttpClient client, string prefix, TimeSpan length)
    {
        var done = new TaskCompletionSource<List<double>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var latencies = new List<double>();
                var until = Stopwatch.StartNew();
                for (var i = 0; until.Elapsed < length; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/allocations")
                    {
                        Content = System.Net.Http.Json.JsonContent.Create(new { orderid = $"{prefix}-{i}", sku = "LAMP", qty = 1 }),
                    };
                    var started = Stopwatch.GetTimestamp();
                    using var response = client.Send(request);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    response.StatusCode.Should().Be(HttpStatusCode.Created);
                    Thread.Sleep(20);
                }

                done.SetResult(latencies);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }) { IsBackground = true, Name = "allocating client" };
        thread.Start();
        return done.Task;
    }

    /// <summary>The host's own count of allocations answered, and of those answered within 25 and 50 ms (its request-duration histogram on /metrics).</summary>
    private static async Task<(long All, long Within25Ms, long Within50Ms)> HostAnswersAsync(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        long Bucket(string bound) => metrics.Split('\n')
            .Where(line => line.StartsWith("http_server_request_duration_seconds_bucket{", StringComparison.Ordinal)
                && line.Contains("http_route=\"/allocations/\"", StringComparison.Ordinal) && line.Contains("http_request_method=\"POST\"", StringComparison.Ordinal)
                && line.Contains($"le=\"{bound}\"", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        return (Bucket("+Inf"), Bucket("0.025"), Bucket("0.05"));
    }

    private static double Percentile(List<double> values, double rank) =>
        values.Count == 0 ? 0 : values.Order().ElementAt(Math.Min(values.Count - 1, (int)(values.Count * rank)));
}
