using System.Net;
using System.Net.Http.Json;

namespace Allocation.Host.Tests;

/// <summary>Every row of the native API table, on SQLite.</summary>
public sealed class NativeApiTests : HostTest
{
    [Test]
    public async Task Posting_a_batch_creates_it()
    {
        var response = await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 20, eta = "2026-12-01" });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.Location!.ToString().Should().Be("/batches/b1");
        (await response.JsonAsync()).ToString().Should().Be("""{"ref":"b1","sku":"LAMP","qty":20,"eta":"2026-12-01","allocated":0,"available":20}""");
    }

    [Test]
    public async Task Posting_a_batch_reference_twice_is_a_conflict()
    {
        await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "LAMP", qty = 20, eta = (string?)null });

        var response = await Client.PostJsonAsync("/batches", new { @ref = "b1", sku = "OTHER", qty = 5, eta = (string?)null });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "duplicate-batch");
    }

    [Test]
    public async Task Getting_a_batch_reports_its_totals_and_an_unknown_one_is_not_found()
    {
        await AddBatchAsync("b1", "LAMP", 20);
        await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 5 });

        (await (await Client.GetAsync("/batches/b1")).JsonAsync()).ToString()
            .Should().Be("""{"ref":"b1","sku":"LAMP","qty":20,"eta":null,"allocated":5,"available":15}""");
        await (await Client.GetAsync("/batches/nope")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "batch-not-found");
    }

    [Test]
    public async Task Patching_a_batch_changes_its_quantity_and_reports_moved_and_lost_lines()
    {
        await AddBatchAsync("warehouse", "SOFA", 10);
        await AddBatchAsync("shipment", "SOFA", 4, "2026-12-01");
        await Client.PostJsonAsync("/allocations", new { orderid = "big", sku = "SOFA", qty = 6 });
        await Client.PostJsonAsync("/allocations", new { orderid = "small", sku = "SOFA", qty = 3 });

        var response = await Client.PatchAsJsonAsync("/batches/warehouse", new { qty = 0 });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.JsonAsync()).ToString().Should().Be(
            """"{"batch":{"ref":"warehouse","sku":"SOFA","qty":0,"eta":null,"allocated":0,"available":0},"reallocated":[{"orderid":"small","sku":"SOFA","qty":3,"from":"warehouse","to":"shipment"}],"unallocated":[{"orderid":"big","sku":"SOFA","qty":6}]}"""");
    }

    [Test]
    public async Task Patching_needs_a_non_negative_quantity_and_an_existing_batch()
    {
        await AddBatchAsync("b1", "SOFA", 10);

        var negative = await (await Client.PatchAsJsonAsync("/batches/b1", new { qty = -1 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        var missing = await (await Client.PatchAsJsonAsync("/batches/b1", new { })).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        await (await Client.PatchAsJsonAsync("/batches/nope", new { qty = 1 })).ShouldBeProblemAsync(HttpStatusCode.NotFound, "batch-not-found");

        negative.ErrorFields().Should().Equal("qty");
        missing.GetProperty("errors").GetProperty("qty")[0].GetString().Should().Be("is required");
    }

    [Test]
    public async Task Getting_a_product_lists_its_version_and_batches()
    {
        await AddBatchAsync("b2", "RUG", 5, "2026-12-01");
        await AddBatchAsync("b1", "RUG", 7);

        var product = await (await Client.GetAsync("/products/RUG")).JsonAsync();

        product.GetProperty("version").GetInt32().Should().Be(2);
        product.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("ref").GetString()).Should().Equal("b2", "b1");
        await (await Client.GetAsync("/products/NOPE")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "invalid-sku");
    }

    [Test]
    public async Task Allocating_returns_201_and_an_identical_repeat_returns_200_with_the_same_body()
    {
        await AddBatchAsync("b1", "LAMP", 20);

        var first = await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 });
        var repeat = await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 });

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Location!.ToString().Should().Be("/allocations/o1");
        repeat.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = """{"orderid":"o1","sku":"LAMP","qty":2,"batchref":"b1"}""";
        (await first.JsonAsync()).ToString().Should().Be(body);
        (await repeat.JsonAsync()).ToString().Should().Be(body);
        (await (await Client.GetAsync("/batches/b1")).JsonAsync()).GetProperty("allocated").GetInt32().Should().Be(2);
    }

    [Test]
    public async Task Allocating_fails_clearly_for_an_unknown_sku_no_stock_or_another_quantity()
    {
        await AddBatchAsync("b1", "LAMP", 3);
        await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 });

        var unknown = await (await Client.PostJsonAsync("/allocations", new { orderid = "o2", sku = "NOPE", qty = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid-sku");
        await (await Client.PostJsonAsync("/allocations", new { orderid = "o3", sku = "LAMP", qty = 2 }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "out-of-stock");
        await (await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 1 }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "line-already-allocated");

        unknown.GetProperty("message").GetString().Should().Be("Invalid sku NOPE");
    }

    [Test]
    public async Task An_orders_allocations_are_listed_and_an_order_without_any_is_not_found()
    {
        await AddBatchAsync("sku1batch", "sku1", 50);
        await AddBatchAsync("sku2batch", "sku2", 50, "2026-12-01");
        await Client.PostJsonAsync("/allocations", new { orderid = "order1", sku = "sku1", qty = 20 });
        await Client.PostJsonAsync("/allocations", new { orderid = "order1", sku = "sku2", qty = 20 });

        var listed = await (await Client.GetAsync("/allocations/order1")).JsonAsync();

        listed.ToString().Should().Be("""[{"sku":"sku1","batchref":"sku1batch"},{"sku":"sku2","batchref":"sku2batch"}]""");
        await (await Client.GetAsync("/allocations/nobody")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "no-allocations");
    }

    [Test]
    public async Task Deleting_an_allocation_releases_it_and_a_missing_one_is_not_found()
    {
        await AddBatchAsync("b1", "LAMP", 20);
        await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP", qty = 2 });

        (await Client.DeleteAsync("/allocations/o1/LAMP")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await (await Client.DeleteAsync("/allocations/o1/LAMP")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "line-not-allocated");
        (await (await Client.GetAsync("/batches/b1")).JsonAsync()).GetProperty("available").GetInt32().Should().Be(20);
    }

    [Test]
    public async Task Unusual_identifiers_round_trip_through_routes_and_bodies()
    {
        const string sku = "ЖИРАФ 🦒 'q' \"d\"/?#";
        await AddBatchAsync("b/1 ?", sku, 5);

        var allocated = await Client.PostJsonAsync("/allocations", new { orderid = "o'1", sku, qty = 1 });
        var product = await Client.GetAsync($"/products/{Uri.EscapeDataString(sku)}");
        var batch = await Client.GetAsync("/batches/" + Uri.EscapeDataString("b/1 ?"));

        allocated.StatusCode.Should().Be(HttpStatusCode.Created);
        (await product.JsonAsync()).GetProperty("sku").GetString().Should().Be(sku);
        (await batch.JsonAsync()).GetProperty("allocated").GetInt32().Should().Be(1);
    }

    private async Task AddBatchAsync(string reference, string sku, int qty, string? eta = null) =>
        (await Client.PostJsonAsync("/batches", new { @ref = reference, sku, qty, eta })).StatusCode.Should().Be(HttpStatusCode.Created);
}
