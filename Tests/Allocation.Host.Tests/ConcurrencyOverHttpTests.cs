using System.Net;
using Allocation.TestSupport;

namespace Allocation.Host.Tests;

/// <summary>Nothing is lost or over-allocated when many clients (and several hosts) allocate at once.</summary>
public sealed class ConcurrencyOverHttpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Two_hundred_concurrent_allocations_of_one_hundred_units_on_sqlite()
    {
        await using var app = AllocationApp.Sqlite();
        using var client = app.CreateClient();

        await TwoHundredAgainstOneHundredAsync([client]);
    }

    [Test]
    public async Task Two_hundred_concurrent_allocations_of_one_hundred_units_on_postgres()
    {
        await using var app = await AllocationApp.PostgresAsync();
        using var client = app.CreateClient();

        await TwoHundredAgainstOneHundredAsync([client]);
    }

    [Test]
    public async Task Two_hosts_sharing_one_postgres_database_keep_the_totals()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await using var first = AllocationApp.Postgres(connectionString, () => server.DropDatabaseAsync(connectionString));
        await using var second = AllocationApp.Postgres(connectionString);
        using var one = first.CreateClient();
        using var two = second.CreateClient();

        await TwoHundredAgainstOneHundredAsync([one, two]);
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task Client_retries_of_the_same_request_never_allocate_twice(string engine)
    {
        await using var app = engine == "sqlite" ? AllocationApp.Sqlite() : await AllocationApp.PostgresAsync();
        using var client = app.CreateClient();
        await AddBatchAsync(client, "b1", 1_000);

        // 50 orders, each sent 4 times at once, as a client that times out and retries would.
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            client.PostJsonAsync("/allocations", new { orderid = $"order-{i % 50}", sku = "FLASH", qty = 2 }))).WaitAsync(Patience);

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(50);
        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(150);
        var product = await (await client.GetAsync("/products/FLASH")).JsonAsync();
        product.GetProperty("batches")[0].GetProperty("allocated").GetInt32().Should().Be(100);
        product.GetProperty("version").GetInt32().Should().Be(1 + 50, "only the first of each order changed anything");
    }

    private static async Task TwoHundredAgainstOneHundredAsync(HttpClient[] clients)
    {
        await AddBatchAsync(clients[0], "warehouse", 40);
        await AddBatchAsync(clients[0], "soon", 35, "2026-12-01");
        await AddBatchAsync(clients[0], "later", 25, "2026-12-20");

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            clients[i % clients.Length].PostJsonAsync("/allocations", new { orderid = $"order-{i}", sku = "FLASH", qty = 1 }))).WaitAsync(Patience);

        var codes = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict)
            .Select(async r => (await r.JsonAsync()).GetProperty("code").GetString()));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(100);
        codes.Should().HaveCount(100).And.OnlyContain(code => code == "out-of-stock");
        responses.Should().NotContain(r => (int)r.StatusCode >= 500);

        var product = await (await clients[^1].GetAsync("/products/FLASH")).JsonAsync();
        var batches = product.GetProperty("batches").EnumerateArray().ToList();
        batches.Should().OnlyContain(b => b.GetProperty("allocated").GetInt32() == b.GetProperty("qty").GetInt32(), "every unit is allocated, none twice");
        batches.Sum(b => b.GetProperty("allocated").GetInt32()).Should().Be(100);
        product.GetProperty("version").GetInt32().Should().Be(3 + 100, "three batches added, one hundred lines allocated");
        var listed = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => clients[0].GetAsync($"/allocations/order-{i}")));
        listed.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(100, "every 201 is in the database");
    }

    private static async Task AddBatchAsync(HttpClient client, string reference, int qty, string? eta = null) =>
        (await client.PostJsonAsync("/batches", new { @ref = reference, sku = "FLASH", qty, eta })).StatusCode.Should().Be(HttpStatusCode.Created);
}
