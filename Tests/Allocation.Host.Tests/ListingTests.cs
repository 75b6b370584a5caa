using System.Net;
using System.Text.Json;

namespace Allocation.Host.Tests;

/// <summary>GET /products and GET /products/{sku}/allocations: cursor pages with a bounded limit.</summary>
public sealed class ListingTests : SharedHostTest
{
    private protected override async Task SeedAsync()
    {
        foreach (var (reference, sku, qty) in new[] { ("b1", "LAMP", 10), ("b2", "LAMP", 5), ("b3", "CHAIR", 7), ("b4", "TABLE", 3) })
        {
            (await Client.PostJsonAsync("/batches", new { @ref = reference, sku, qty })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        for (var i = 1; i <= 5; i++)
        {
            (await Client.PostJsonAsync("/allocations", new { orderid = $"o{i}", sku = "LAMP", qty = i })).StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    [Test]
    public async Task Products_come_in_sku_order_with_their_totals_a_page_at_a_time()
    {
        var first = await (await Client.GetAsync("/products?limit=2")).JsonAsync();
        first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()).Should().Equal("CHAIR", "LAMP");
        var lamp = first.GetProperty("items")[1];
        (lamp.GetProperty("purchased").GetInt32(), lamp.GetProperty("allocated").GetInt32(), lamp.GetProperty("available").GetInt32(), lamp.GetProperty("version").GetInt32())
            .Should().Be((15, 15, 0, 7));
        first.GetProperty("next").GetString().Should().Be("LAMP");

        var second = await (await Client.GetAsync("/products?after=LAMP&limit=2")).JsonAsync();
        second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("sku").GetString()).Should().Equal("TABLE");
        second.GetProperty("next").ValueKind.Should().Be(JsonValueKind.Null, "a short page is the last");
    }

    [Test]
    public async Task A_products_allocations_come_in_the_order_they_were_made_a_page_at_a_time()
    {
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await (await Client.GetAsync($"/products/LAMP/allocations?limit=2{(after is null ? "" : $"&after={after}")}")).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => $"{l.GetProperty("orderid").GetString()}:{l.GetProperty("qty").GetInt32()}:{l.GetProperty("batchref").GetString()}"));
            after = page.GetProperty("next").GetString();
        }
        while (after is not null);

        seen.Should().Equal("o1:1:b1", "o2:2:b1", "o3:3:b1", "o4:4:b1", "o5:5:b2");
    }

    [Test]
    public async Task A_product_without_allocations_lists_none_and_an_unknown_one_is_not_found()
    {
        var chair = await (await Client.GetAsync("/products/CHAIR/allocations")).JsonAsync();
        chair.GetProperty("items").GetArrayLength().Should().Be(0);

        await (await Client.GetAsync("/products/NOSUCH/allocations")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "invalid-sku");
    }

    [TestCase("/products?limit=0", "limit")]
    [TestCase("/products?limit=1001", "limit")]
    [TestCase("/products?limit=ten", "limit")]
    [TestCase("/products/LAMP/allocations?after=-1", "after")]
    [TestCase("/products/LAMP/allocations?after=x", "after")]
    [TestCase("/products/LAMP/allocations?limit=5000", "limit")]
    public async Task A_bad_cursor_or_limit_is_named(string path, string field)
    {
        var problem = await (await Client.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        problem.ErrorFields().Should().Equal(field);
    }
}
