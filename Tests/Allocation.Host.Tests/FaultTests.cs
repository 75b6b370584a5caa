using System.Diagnostics;
using System.Net;
using Allocation.TestSupport;
using Microsoft.Data.Sqlite;

namespace Allocation.Host.Tests;

/// <summary>When the database goes away or is locked, clients get 503 or success: never a 500, never a wrong answer.</summary>
public sealed class FaultTests
{
    [Test]
    public async Task A_sqlite_file_locked_by_another_writer_gives_a_bounded_503_and_no_corruption()
    {
        var directory = Directory.CreateTempSubdirectory("allocation-locked-").FullName;
        var file = Path.Combine(directory, "allocation.db");
        await using var app = AllocationApp.Sqlite(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Allocation"] = $"Data Source={file}",
            ["Allocation:Database:LockTimeout"] = "00:00:01",
        });
        using var client = app.CreateClient();
        (await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 })).StatusCode.Should().Be(HttpStatusCode.Created);

        await using (var intruder = new SqliteConnection($"Data Source={file};Default Timeout=1"))
        {
            await intruder.OpenAsync();
            await using var holding = intruder.BeginTransaction(deferred: false); // another process's writer holds the lock
            var clock = Stopwatch.StartNew();

            var blocked = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 });

            await blocked.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, "store-unavailable");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the wait is bounded by the lock timeout");
        }

        (await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
        await using var check = new SqliteConnection($"Data Source={file}");
        await check.OpenAsync();
        await using var integrity = check.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        (await integrity.ExecuteScalarAsync()).Should().Be("ok");
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Postgres_stopped_mid_load_and_started_again_loses_nothing_and_never_answers_500()
    {
        await using var server = await PostgresServer.StartPrivateAsync(durable: false); // a private cluster this test may stop
        var connectionString = await server.CreateDatabaseAsync();
        await using var app = AllocationApp.Postgres(connectionString);
        using var client = app.CreateClient();
        (await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 100_000 })).StatusCode.Should().Be(HttpStatusCode.Created);

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Order, HttpStatusCode Status)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var order = $"w{worker}-{i}";
                var response = await client.PostJsonAsync("/allocations", new { orderid = order, sku = "LAMP", qty = 1 });
                outcomes.Add((order, response.StatusCode));
            }
        })));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await server.StartAgainAsync();
        await load;

        outcomes.Should().NotContain(o => o.Status == HttpStatusCode.InternalServerError);
        outcomes.Select(o => o.Status).Distinct().Should().BeSubsetOf([HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable]);
        outcomes.Should().Contain(o => o.Status == HttpStatusCode.ServiceUnavailable, "the outage was seen");
        var succeeded = outcomes.Where(o => o.Status is HttpStatusCode.Created or HttpStatusCode.OK).Select(o => o.Order).ToList();
        foreach (var order in succeeded)
        {
            (await client.GetAsync($"/allocations/{order}")).StatusCode.Should().Be(HttpStatusCode.OK, $"{order} got a 2xx");
        }

        (await client.PostJsonAsync("/allocations", new { orderid = "after", sku = "LAMP", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created, "the host recovered without a restart");
        var product = await (await client.GetAsync("/products/LAMP")).JsonAsync();
        product.GetProperty("batches")[0].GetProperty("allocated").GetInt32().Should().BeGreaterThanOrEqualTo(succeeded.Count + 1);
    }
}
