using System.Net;
using Allocation.TestSupport;
using Npgsql;

namespace Allocation.Host.Tests;

/// <summary>The happy path again, with the host configured for PostgreSQL; and readiness while a transaction holds readers back.</summary>
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

    [Test]
    public async Task Readiness_is_degraded_while_a_transaction_holds_readers_back_for_longer_than_the_warning()
    {
        var server = await PostgresServer.SharedAsync();
        var connectionString = await server.CreateDatabaseAsync();
        await using var app = AllocationApp.Postgres(connectionString, () => server.DropDatabaseAsync(connectionString))
            .With(new() { ["Allocation:Events:HoldBackWarning"] = "00:00:01" });
        using var client = app.CreateClient();
        (await (await client.GetAsync("/health/ready")).JsonAsync()).GetProperty("status").GetString().Should().Be("Healthy");

        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT pg_current_xact_id();", holder, held).ExecuteScalarAsync(); // takes a transaction id, as any write does
        (await client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 10 })).StatusCode.Should().Be(HttpStatusCode.Created);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var ready = await (await client.GetAsync("/health/ready")).JsonAsync();
        ready.GetProperty("status").GetString().Should().Be("Degraded");
        var events = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "allocation-events");
        events.GetProperty("description").GetString().Should().Contain("holds readers back");
        (await (await client.GetAsync("/events")).JsonAsync()).GetProperty("events").GetArrayLength().Should().Be(0, "b1's event waits behind the open transaction");

        await held.RollbackAsync();
        (await (await client.GetAsync("/events?wait=5")).JsonAsync()).GetProperty("events").GetArrayLength().Should().Be(1);
    }
}
