using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Allocation.TestSupport;
using Npgsql;

namespace Allocation.Host.Tests;

/// <summary>
/// A PostgreSQL failover under load: a primary and its synchronous standby, both private clusters,
/// the host on a multi-host connection string. The primary is SIGKILLed and the standby promoted.
/// </summary>
[NonParallelizable]
public sealed class FailoverTests
{
    private const int Skus = 8;
    private const int StockPerSku = 100_000;

    [Test]
    public async Task The_primary_killed_under_load_and_its_standby_promoted_loses_nothing_and_takes_writes_within_two_seconds()
    {
        await using var primary = await PostgresServer.StartPrivateAsync(durable: true);
        await using var standby = await primary.StartSynchronousStandbyAsync();
        var database = new NpgsqlConnectionStringBuilder(await primary.CreateDatabaseAsync())
        {
            Host = $"127.0.0.1:{primary.Port},127.0.0.1:{standby.Port}",
            TargetSessionAttributes = "primary",
        }.ToString();
        await using var app = AllocationApp.Postgres(database);
        using var client = app.CreateClient();
        for (var sku = 0; sku < Skus; sku++)
        {
            (await client.PostJsonAsync("/batches", new { @ref = $"b{sku}", sku = $"SKU-{sku}", qty = StockPerSku })).EnsureSuccessStatusCode();
        }

        var answers = new ConcurrentBag<Answer>();
        var clock = Stopwatch.StartNew();
        using var load = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !load.IsCancellationRequested; i++)
            {
                var order = $"w{worker}-{i}";
                var started = clock.Elapsed;
                using var response = await client.PostJsonAsync("/allocations", new { orderid = order, sku = $"SKU-{i % Skus}", qty = 1 });
                answers.Add(new(order, response.StatusCode, response.Headers.RetryAfter is not null, started, clock.Elapsed));
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2));
        primary.Kill();
        var killed = clock.Elapsed;
        await standby.PromoteAsync();
        var promoted = clock.Elapsed;
        while (!answers.Any(a => a.Status == HttpStatusCode.Created && a.Started >= promoted) && clock.Elapsed < promoted + TimeSpan.FromSeconds(15))
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // load on the new primary for a while
        await load.CancelAsync();
        await Task.WhenAll(workers);

        var acknowledged = answers.Where(a => a.Status == HttpStatusCode.Created).Select(a => a.Order).ToHashSet();
        var failed = answers.Where(a => a.Status is not (HttpStatusCode.Created or HttpStatusCode.Conflict)).ToList();
        var back = answers.Where(a => a.Status == HttpStatusCode.Created && a.Started >= promoted).Select(a => (TimeSpan?)a.Answered).Min()
            ?? throw new AssertionException("No write succeeded after the promotion.");
        var stored = await StoredAsync(new NpgsqlConnectionStringBuilder(database) { Host = "127.0.0.1", Port = standby.Port, TargetSessionAttributes = null }.ToString());
        var lost = acknowledged.Count(order => !stored.Lines.ContainsKey(order));
        await TestContext.Out.WriteLineAsync(
            $"failover: killed at {killed.TotalSeconds:0.00} s, promoted at {promoted.TotalSeconds:0.00} s (promotion took {(promoted - killed).TotalSeconds:0.00} s); " +
            $"writes acknowledged again {(back - promoted).TotalSeconds:0.00} s after the promotion ({(back - killed).TotalSeconds:0.00} s after the kill); " +
            $"{acknowledged.Count} acknowledged, {stored.Lines.Count} stored, {lost} lost, {stored.OverAllocated} batches over-allocated, " +
            $"{stored.WithoutEvent} allocations without their event, {stored.DuplicateEvents} duplicate events; " +
            $"{failed.Count} failed requests: {string.Join(", ", failed.GroupBy(f => f.Status).Select(g => $"{g.Count()} × {(int)g.Key}"))}");

        lost.Should().Be(0, "every acknowledged allocation was on the synchronous standby");
        stored.OverAllocated.Should().Be(0);
        stored.WithoutEvent.Should().Be(0, "each allocation commits with its event");
        stored.DuplicateEvents.Should().Be(0);
        failed.Should().OnlyContain(f => f.Status == HttpStatusCode.ServiceUnavailable && f.RetryAfter, "a failover is a 503 with Retry-After, never a 500");
        (back - promoted).Should().BeLessThan(TimeSpan.FromSeconds(2), "writes succeed again within 2 s of the promotion");
    }

    private static async Task<Stored> StoredAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lines = new Dictionary<string, int>();
        await using (var command = new NpgsqlCommand("SELECT orderid, quantity FROM allocations", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        return new(
            lines,
            await CountAsync(connection, "SELECT count(*) FROM batches b WHERE b.allocated_quantity > b.purchased_quantity " +
                "OR b.allocated_quantity <> (SELECT coalesce(sum(a.quantity), 0) FROM allocations a WHERE a.batch_id = b.id)"),
            await CountAsync(connection, "SELECT count(*) FROM allocations a WHERE NOT EXISTS " +
                "(SELECT 1 FROM event_log e WHERE e.type = 'Allocated' AND e.data->>'orderid' = a.orderid)"),
            await CountAsync(connection, "SELECT count(*) FROM (SELECT e.data->>'orderid' FROM event_log e WHERE e.type = 'Allocated' " +
                "GROUP BY 1 HAVING count(*) > 1) repeated"));
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record Answer(string Order, HttpStatusCode Status, bool RetryAfter, TimeSpan Started, TimeSpan Answered);

    private sealed record Stored(Dictionary<string, int> Lines, long OverAllocated, long WithoutEvent, long DuplicateEvents);
}
