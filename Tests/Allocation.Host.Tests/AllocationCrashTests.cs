using System.Collections.Concurrent;
using System.Net;
using Allocation.Adapters.Sql;
using Allocation.TestSupport;

namespace Allocation.Host.Tests;

/// <summary>
/// The host process is killed with SIGKILL while 32 clients allocate, so that commits shared by
/// several allocations (SQLite's group commit, one product's coalesced unit of work) are in
/// flight. Every allocation the host acknowledged must be stored; what was stored without an
/// acknowledgement (the client never heard) is counted, and the stock still adds up.
/// </summary>
public sealed class AllocationCrashTests
{
    private const int Skus = 4;
    private const int Clients = 32;

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task A_host_killed_in_the_middle_of_shared_commits_loses_no_acknowledged_allocation(string provider)
    {
        var directory = Directory.CreateTempSubdirectory("allocation-crash-").FullName;
        var server = provider == "postgres" ? await PostgresServer.SharedAsync() : null;
        var connectionString = server is null ? $"Data Source={Path.Combine(directory, "crash.db")}" : await server.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["Allocation__Database__Provider"] = provider,
            ["ConnectionStrings__Allocation"] = connectionString,
        };
        var acknowledged = new ConcurrentBag<string>();
        try
        {
            await using (var host = await HostProcess.StartAsync(directory, environment))
            {
                for (var i = 0; i < Skus; i++)
                {
                    (await host.Client.PostJsonAsync("/batches", new { @ref = $"b{i}", sku = $"SKU-{i}", qty = 1_000_000 })).StatusCode
                        .Should().Be(HttpStatusCode.Created);
                }

                using var stop = new CancellationTokenSource();
                var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
                {
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        var orderId = $"c{client}-{n}";
                        try
                        {
                            using var response = await host.Client.PostJsonAsync("/allocate", new { orderid = orderId, sku = $"SKU-{n % Skus}", qty = 1 });
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                acknowledged.Add(orderId);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return; // the host is gone
                        }
                        catch (TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToList();

                while (acknowledged.Count < 500)
                {
                    await Task.Delay(10);
                }

                await host.KillAsync(); // SIGKILL, with commits in flight
                await stop.CancelAsync();
                await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));
            }

            await using var database = provider == "postgres" ? AllocationDatabase.Postgres(connectionString) : AllocationDatabase.Sqlite(connectionString);
            var stored = new HashSet<string>(StringComparer.Ordinal);
            var allocated = 0;
            for (var i = 0; i < Skus; i++)
            {
                var product = (await database.Queries.ProductAsync($"SKU-{i}"))!;
                allocated += product.Batches.Sum(b => b.AllocatedQuantity);
            }

            foreach (var orderId in acknowledged)
            {
                if ((await database.Queries.AllocationsForOrderAsync(orderId)).Count == 1)
                {
                    stored.Add(orderId);
                }
            }

            var lost = acknowledged.Count - stored.Count;
            var unacknowledged = allocated - stored.Count;
            TestContext.Out.WriteLine(
                $"{provider}: {acknowledged.Count} acknowledged before the kill, {allocated} stored; lost {lost}, stored but never acknowledged {unacknowledged}");
            lost.Should().Be(0, "an acknowledgement is sent only after the commit that holds the allocation");
            unacknowledged.Should().BeInRange(0, Clients, "at most one request per client was in flight when the host died");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (server is not null)
            {
                await server.DropDatabaseAsync(connectionString);
            }

            Directory.Delete(directory, recursive: true);
        }
    }
}
