using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Allocation.Adapters.Sql;
using Allocation.TestSupport;

namespace Allocation.Host.Tests;

/// <summary>
/// What a consumer that builds its state from <c>GET /events</c> ends with must be what the database
/// holds. Two hosts share one database under mixed load (allocations, deallocations, quantity changes
/// up and down on the same SKUs), one of them is SIGKILLed half way, and then the whole log is
/// replayed per SKU and compared with the database: each line's batch, each batch's totals. On the
/// code before ADR 0015 the PostgreSQL case failed in each of two runs, with 8 and 11 per-SKU inversions.
/// </summary>
public sealed class EventReplayTests
{
    // Six SKUs to a lane, so that units of work that lock several SKUs one after another happen all
    // the time, while PATCH and DELETE (outside the lanes) and the other host take those SKUs' locks
    // in between: the path that inverted the log before ADR 0015.
    private const int Skus = 12;
    private const int Lanes = 2;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(8);

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task Replaying_the_feed_per_sku_after_load_on_two_hosts_and_a_kill_gives_the_database_state(string provider)
    {
        var directory = Directory.CreateTempSubdirectory("allocation-replay-").FullName;
        var server = provider == "postgres" ? await PostgresServer.SharedAsync() : null;
        var connectionString = server is null ? $"Data Source={Path.Combine(directory, "replay.db")}" : await server.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["Allocation__Database__Provider"] = provider,
            ["ConnectionStrings__Allocation"] = connectionString,
            ["Allocation__AllocationLanes"] = Lanes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        try
        {
            await using (var first = await HostProcess.StartAsync(directory, environment))
            await using (var second = await HostProcess.StartAsync(directory, environment))
            {
                for (var i = 0; i < Skus; i++)
                {
                    for (var b = 0; b < 3; b++)
                    {
                        (await first.Client.PostJsonAsync("/batches", new { @ref = $"b{i}-{b}", sku = $"SKU-{i}", qty = 200 })).StatusCode
                            .Should().Be(HttpStatusCode.Created);
                    }
                }

                using var stop = new CancellationTokenSource(LoadTime);
                var hosts = new[] { first, second };
                var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<string>();
                var load = Enumerable.Range(0, 16).Select(client => ClientAsync(hosts[client % 2].Client, client, acknowledged, stop.Token))
                    .Append(QuantityChangerAsync(first.Client, second.Client, stop.Token)).ToList();
                await Task.Delay(LoadTime / 2);
                await first.KillAsync(); // SIGKILL, with commits in flight
                await Task.WhenAll(load);

                var replayed = await ReplayAsync(second.Client);
                await using var database = provider == "postgres" ? AllocationDatabase.Postgres(connectionString) : AllocationDatabase.Sqlite(connectionString);
                var mismatches = new List<string>();
                for (var i = 0; i < Skus; i++)
                {
                    var product = (await database.Queries.ProductAsync($"SKU-{i}"))!;
                    foreach (var batch in product.Batches)
                    {
                        var state = replayed.Batches[batch.Reference];
                        var allocated = replayed.Lines.Values.Where(line => line.Batch == batch.Reference).Sum(line => line.Quantity);
                        if (state != batch.PurchasedQuantity || allocated != batch.AllocatedQuantity)
                        {
                            mismatches.Add($"{batch.Reference}: replay {state}/{allocated}, database {batch.PurchasedQuantity}/{batch.AllocatedQuantity}");
                        }
                    }
                }

                foreach (var (orderId, line) in replayed.Lines)
                {
                    var stored = await database.Queries.AllocationsForOrderAsync(orderId);
                    if (stored.Count != 1 || stored[0].BatchReference != line.Batch)
                    {
                        mismatches.Add($"{orderId}: replay {line.Batch}, database {string.Join(",", stored.Select(s => s.BatchReference))}");
                    }
                }

                var inversions = await InversionsAsync(provider, connectionString, replayed);
                var lost = acknowledged.Count(orderId => !replayed.AllocatedAt.ContainsKey(orderId));
                TestContext.Out.WriteLine(
                    $"{provider}: {acknowledged.Count} allocations acknowledged, {replayed.Events} events replayed, {replayed.Lines.Count} lines; " +
                    $"{mismatches.Count} mismatches, {inversions} per-SKU inversions, {lost} lost, {replayed.Duplicates} duplicated positions, {replayed.OutOfOrder} out of order");
                inversions.Should().Be(0, "rows written later under a SKU's lock have their events later in the log");
                lost.Should().Be(0, "every acknowledged allocation has its event");
                replayed.Duplicates.Should().Be(0);
                replayed.OutOfOrder.Should().Be(0);
                replayed.Lines.Should().NotBeEmpty("the load allocated lines");
                mismatches.Should().BeEmpty("replaying each SKU's events in log order gives the database's state");
            }
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

    /// <summary>
    /// Counts, per SKU, pairs of stored lines whose rows were written in one order (<c>allocations.id</c>,
    /// taken at insert under the SKU's lock) and whose <c>Allocated</c> events stand in the other.
    /// </summary>
    private static async Task<int> InversionsAsync(string provider, string connectionString, Replay replayed)
    {
        await using System.Data.Common.DbConnection connection = provider == "postgres"
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sku, orderid FROM allocations ORDER BY sku, id";
        var bySku = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (replayed.AllocatedAt.TryGetValue(reader.GetString(1), out var position))
                {
                    (bySku.TryGetValue(reader.GetString(0), out var list) ? list : bySku[reader.GetString(0)] = []).Add(position);
                }
            }
        }

        // Rows in id order must have their events in position order: count the pairs that are not.
        return bySku.Values.Sum(positions => positions.Select((p, i) => positions.Skip(i + 1).Count(later => later < p)).Sum());
    }

    /// <summary>Allocates new orders, deallocating every third one again, until stopped or its host dies; notes each order acknowledged as allocated.</summary>
    private static async Task ClientAsync(HttpClient client, int id, System.Collections.Concurrent.ConcurrentQueue<string> acknowledged, CancellationToken stop)
    {
        await Task.Yield();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var sku = $"SKU-{(id + n) % Skus}";
            try
            {
                using var allocated = await client.PostJsonAsync("/allocate", new { orderid = $"c{id}-{n}", sku, qty = 1 + (n % 3) });
                var placed = allocated.StatusCode == HttpStatusCode.Accepted
                    && (await allocated.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("batchref").ValueKind == JsonValueKind.String;
                if (placed)
                {
                    acknowledged.Enqueue($"c{id}-{n}");
                }

                if (placed && n % 3 == 0)
                {
                    using var _ = await client.DeleteAsync($"/allocations/c{id}-{n}/{sku}", CancellationToken.None);
                }
            }
            catch (HttpRequestException)
            {
                return; // its host was killed
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Moves batch quantities down and up again, so lines move between batches and lose their stock.</summary>
    private static async Task QuantityChangerAsync(HttpClient first, HttpClient second, CancellationToken stop)
    {
        await Task.Yield();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var client = n % 2 == 0 ? first : second;
            try
            {
                using var _ = await client.PatchAsJsonAsync($"/batches/b{n % Skus}-{n % 3}", new { qty = n % 4 == 0 ? 5 : 60 }, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
                // the first host is gone: the second one carries on
            }

            await Task.Delay(5, CancellationToken.None);
        }
    }

    /// <summary>Reads the whole feed, page by page, and applies each event to a model of batches and lines.</summary>
    private static async Task<Replay> ReplayAsync(HttpClient client)
    {
        var replay = new Replay();
        var seen = new HashSet<long>();
        long after = 0;
        var last = long.MinValue;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/events?after={after}&limit=500");
            var events = page.GetProperty("events");
            if (events.GetArrayLength() == 0)
            {
                return replay;
            }

            foreach (var logged in events.EnumerateArray())
            {
                var position = logged.GetProperty("position").GetInt64();
                replay.Duplicates += seen.Add(position) ? 0 : 1;
                replay.OutOfOrder += position > last ? 0 : 1;
                last = Math.Max(last, position);
                replay.Apply(position, logged.GetProperty("type").GetString()!, logged.GetProperty("data"));
            }

            after = page.GetProperty("next").GetInt64();
        }
    }

    private sealed class Replay
    {
        public Dictionary<string, int> Batches { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, (string Batch, int Quantity)> Lines { get; } = new(StringComparer.Ordinal);

        /// <summary>The position of each order's latest <c>Allocated</c> event.</summary>
        public Dictionary<string, long> AllocatedAt { get; } = new(StringComparer.Ordinal);

        public int Events { get; private set; }

        public int Duplicates { get; set; }

        public int OutOfOrder { get; set; }

        public void Apply(long position, string type, JsonElement data)
        {
            Events++;
            switch (type)
            {
                case "BatchAdded":
                    Batches[data.GetProperty("ref").GetString()!] = data.GetProperty("qty").GetInt32();
                    break;
                case "BatchQuantityChanged":
                    Batches[data.GetProperty("ref").GetString()!] = data.GetProperty("qty").GetInt32();
                    break;
                case "Allocated":
                    Lines[data.GetProperty("orderid").GetString()!] = (data.GetProperty("batchref").GetString()!, data.GetProperty("qty").GetInt32());
                    AllocatedAt[data.GetProperty("orderid").GetString()!] = position;
                    break;
                case "Deallocated":
                    Lines.Remove(data.GetProperty("orderid").GetString()!);
                    break;
            }
        }
    }
}
