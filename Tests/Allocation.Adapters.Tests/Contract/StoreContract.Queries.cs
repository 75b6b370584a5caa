using Allocation.Application.Reads;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    [Test]
    public async Task An_orders_allocations_are_listed_in_the_order_they_were_made()
    {
        await SeedAsync("sku1", ("sku1batch", 50, null), ("sku1batch-later", 50, Today));
        await SeedAsync("sku2", ("sku2batch", 50, Today));
        await AllocateAsync("order1", "sku2", 20);
        await AllocateAsync("order1", "sku1", 20);
        await AllocateAsync("otherorder", "sku1", 30);

        var allocations = await Store.Queries.AllocationsForOrderAsync("order1");

        allocations.Should().Equal(new OrderAllocation("sku2", "sku2batch"), new OrderAllocation("sku1", "sku1batch"));
    }

    [Test]
    public async Task An_order_without_allocations_lists_none()
    {
        (await Store.Queries.AllocationsForOrderAsync("nobody")).Should().BeEmpty();
    }

    [Test]
    public async Task A_batch_view_reports_totals()
    {
        await SeedAsync("SKU", ("b1", 50, Today));
        await AllocateAsync("o1", "SKU", 20);

        (await Store.Queries.BatchAsync("b1")).Should().Be(new BatchView("b1", "SKU", 50, Today, 20));
        (await Store.Queries.BatchAsync("nope")).Should().BeNull();
    }

    [Test]
    public async Task A_product_view_reports_version_and_batches_in_order()
    {
        await SeedAsync("SKU", ("z", 5, Today), ("a", 7, null));

        var product = await Store.Queries.ProductAsync("SKU");

        product!.VersionNumber.Should().Be(2);
        product.Batches.Should().Equal(new BatchView("z", "SKU", 5, Today, 0), new BatchView("a", "SKU", 7, null, 0));
        (await Store.Queries.ProductAsync("NOPE")).Should().BeNull();
    }

    [Test]
    public async Task Unusual_but_valid_identifiers_round_trip_exactly()
    {
        const string sku = "ЖИРАФ-🦒 'quoted' \"double\"; DROP TABLE products;--";
        const string orderId = "o'1\\%_";
        await SeedAsync(sku, ("b'1", 5, null));
        await AllocateAsync(orderId, sku, 2);

        (await Store.Queries.AllocationsForOrderAsync(orderId)).Should().Equal(new OrderAllocation(sku, "b'1"));
        (await Store.Queries.ProductAsync(sku))!.Sku.Should().Be(sku);
    }
}
