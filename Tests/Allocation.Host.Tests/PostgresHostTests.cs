using System.Net;

namespace Allocation.Host.Tests;

/// <summary>The happy path again, with the host configured for PostgreSQL.</summary>
public sealed class PostgresHostTests
{
    [Test]
    public async Task The_api_works_end_to_end_on_postgres()
    {
        await using var app = await AllocationApp.PostgresAsync();
        using var client = app.CreateClient();

        (await client.PostJsonAsync("/batches", new { @ref = "b2", sku = "LAMP", qty = 10, eta = "2026-12-01" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await client.PostJsonAsync("/add_batch", new { @ref = "b1", sku = "LAMP", qty = 10, eta = (string?)null })).StatusCode.Should().Be(HttpStatusCode.Created);
        var allocated = await client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 4 });
        var reference = await client.PostJsonAsync("/allocate", new { orderid = "o2", sku = "LAMP", qty = 7 });
        var changed = await client.PatchAsync("/batches/b1", new StringContent("""{"qty":3}""", System.Text.Encoding.UTF8, "application/json"));
        var deleted = await client.DeleteAsync("/allocations/o2/LAMP");
        var product = await (await client.GetAsync("/products/LAMP")).JsonAsync();
        var ready = await (await client.GetAsync("/health/ready")).JsonAsync();

        allocated.StatusCode.Should().Be(HttpStatusCode.Created);
        (await allocated.JsonAsync()).GetProperty("batchref").GetString().Should().Be("b1");
        (await reference.JsonAsync()).GetProperty("batchref").GetString().Should().Be("b2");
        // o2 took 7 of b2's 10, so o1's 4 units have nowhere to go when b1 shrinks to 3.
        (await changed.JsonAsync()).GetProperty("unallocated")[0].GetProperty("orderid").GetString().Should().Be("o1");
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        product.GetProperty("version").GetInt32().Should().Be(6);
        product.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("allocated").GetInt32()).Should().Equal(0, 0);
        ready.GetProperty("checks")[0].GetProperty("description").GetString().Should().Contain("postgres");
        await (await client.PostJsonAsync("/allocations", new { orderid = "o3", sku = "LAMP", qty = 100 })).ShouldBeProblemAsync(HttpStatusCode.Conflict, "out-of-stock");
    }
}
