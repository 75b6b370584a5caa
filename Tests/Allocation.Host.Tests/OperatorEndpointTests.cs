using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Allocation.Host.Tests;

/// <summary>GET /stock, GET /products?prefix=, GET /orders/{orderid} and GET /events/activity: what the console reads.</summary>
public sealed class OperatorEndpointTests : SharedHostTest
{
    private protected override async Task SeedAsync()
    {
        foreach (var (reference, sku, qty, eta) in new[] { ("l1", "LAMP-1", 5, (string?)null), ("l2", "LAMP-1", 10, "2030-01-01"), ("l3", "LAMP-2", 2, null), ("s1", "SOFA", 1, null) })
        {
            (await Client.PostJsonAsync("/batches", new { @ref = reference, sku, qty, eta })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "LAMP-1", qty = 4 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Client.PostJsonAsync("/allocations", new { orderid = "o1", sku = "SOFA", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Client.PatchAsJsonAsync("/batches/l1", new { qty = 2 })).StatusCode.Should().Be(HttpStatusCode.OK); // o1's lamps move to l2
        (await Client.PostJsonAsync("/allocations", new { orderid = "o2", sku = "SOFA", qty = 1 })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Test]
    public async Task Stock_counts_the_whole_store()
    {
        var stock = await (await Client.GetAsync("/stock")).JsonAsync();

        (stock.GetProperty("skus").GetInt64(), stock.GetProperty("batches").GetInt64(), stock.GetProperty("allocatedLines").GetInt64(),
            stock.GetProperty("outOfStockSkus").GetInt64()).Should().Be((3, 4, 2, 1), "SOFA's one unit is taken");
    }

    [Test]
    public async Task Products_can_be_searched_by_sku_prefix_a_page_at_a_time()
    {
        var first = await (await Client.GetAsync("/products?prefix=LAMP-&limit=1")).JsonAsync();
        first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()).Should().Equal("LAMP-1");
        var next = first.GetProperty("next").GetString();

        var second = await (await Client.GetAsync($"/products?prefix=LAMP-&limit=1&after={next}")).JsonAsync();
        second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()).Should().Equal("LAMP-2");
        (await (await Client.GetAsync("/products?prefix=lamp")).JsonAsync()).GetProperty("items").GetArrayLength().Should().Be(0);
        await (await Client.GetAsync("/products?prefix=%20LAMP")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    [Test]
    public async Task An_order_shows_its_lines_and_what_happened_to_them()
    {
        var order = await (await Client.GetAsync("/orders/o1")).JsonAsync();

        order.GetProperty("orderid").GetString().Should().Be("o1");
        order.GetProperty("lines").EnumerateArray()
            .Select(l => $"{l.GetProperty("sku").GetString()}:{l.GetProperty("qty").GetInt32()}:{l.GetProperty("batchref").GetString()}:{l.GetProperty("eta")}")
            .Should().Equal("SOFA:1:s1:", "LAMP-1:4:l2:2030-01-01"); // the move allocated the lamps again, after the sofa
        order.GetProperty("events").EnumerateArray()
            .Select(e => $"{e.GetProperty("type").GetString()}:{e.GetProperty("data").GetProperty("batchref").GetString()}")
            .Should().Equal("Allocated:l1", "Allocated:s1", "Deallocated:l1", "Allocated:l2");
        order.GetProperty("events")[2].GetProperty("data").GetProperty("takenback").GetBoolean().Should().BeTrue();
    }

    [Test]
    public async Task An_order_with_no_line_and_no_event_is_not_found()
    {
        await (await Client.GetAsync("/orders/nobody")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "unknown-order");
        await (await Client.GetAsync("/orders/o1?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    [Test]
    public async Task Activity_counts_the_last_minutes_allocations_and_refusals_per_second()
    {
        var activity = await (await Client.GetAsync("/events/activity?minutes=5")).JsonAsync();

        var since = activity.GetProperty("since").GetDateTimeOffset();
        since.Should().BeCloseTo(DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromSeconds(30));
        var seconds = activity.GetProperty("seconds").EnumerateArray().ToList();
        seconds.Sum(s => s.GetProperty("allocated").GetInt32()).Should().Be(3, "o1's two lines and the lamp line's move");
        seconds.Sum(s => s.GetProperty("outOfStock").GetInt32()).Should().Be(1);
        seconds.Should().OnlyContain(s => s.GetProperty("second").GetDateTimeOffset() >= since);
        await (await Client.GetAsync("/events/activity?minutes=61")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
    }

    [Test]
    public async Task Newest_names_the_position_a_feed_from_now_starts_after()
    {
        var newest = (await (await Client.GetAsync("/events/newest")).JsonAsync()).GetProperty("position").GetInt64();
        var events = await (await Client.GetAsync("/events?limit=1000")).JsonAsync();

        newest.Should().Be(events.GetProperty("next").GetInt64()).And.BeGreaterThan(0);
        (await (await Client.GetAsync($"/events?after={newest}")).JsonAsync()).GetProperty("events").GetArrayLength().Should().Be(0);
    }
}
