using Allocation.Application.Reads;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    [Test]
    public async Task Products_are_listed_in_sku_order_with_their_totals_after_the_cursor()
    {
        await SeedAsync("B-LAMP", ("l1", 10, null), ("l2", 5, Today));
        await SeedAsync("A-CHAIR", ("c1", 7, null));
        await SeedAsync("C-TABLE", ("t1", 0, null));
        await AllocateAsync("o1", "B-LAMP", 4);

        var first = await Store.Queries.ProductsAsync("", 2);
        var rest = await Store.Queries.ProductsAsync(first[^1].Sku, 2);

        first.Should().Equal(new ProductSummary("A-CHAIR", 1, 7, 0), new ProductSummary("B-LAMP", 3, 15, 4));
        rest.Should().Equal(new ProductSummary("C-TABLE", 1, 0, 0));
        (await Store.Queries.ProductsAsync("C-TABLE", 2)).Should().BeEmpty();
    }

    [Test]
    public async Task Product_totals_past_the_largest_int_are_summed_whole()
    {
        await SeedAsync("HUGE", ("h1", int.MaxValue, null), ("h2", int.MaxValue, Today));
        await AllocateAsync("o1", "HUGE", int.MaxValue);

        var huge = (await Store.Queries.ProductsAsync("", 10)).Single(p => p.Sku == "HUGE");

        huge.Should().Be(new ProductSummary("HUGE", 3, 2L * int.MaxValue, int.MaxValue), "two batches of 2,147,483,647 hold 4,294,967,294, not -2");
        huge.AvailableQuantity.Should().Be(int.MaxValue);
    }

    [Test]
    public async Task A_products_allocations_are_listed_in_the_order_they_were_made_after_the_cursor()
    {
        await SeedAsync("LISTED", ("first", 3, null), ("second", 10, Today));
        await SeedAsync("ELSEWHERE", ("other", 10, null));
        await AllocateAsync("o1", "LISTED", 2);
        await AllocateAsync("o1", "ELSEWHERE", 1);
        await AllocateAsync("o2", "LISTED", 2);
        await AllocateAsync("o3", "LISTED", 1);

        var first = await Store.Queries.AllocationsOfProductAsync("LISTED", 0, 2);
        var rest = await Store.Queries.AllocationsOfProductAsync("LISTED", first[^1].Position, 2);

        first.Select(a => (a.OrderId, a.Quantity, a.BatchReference)).Should().Equal(("o1", 2, "first"), ("o2", 2, "second"));
        rest.Select(a => (a.OrderId, a.Quantity, a.BatchReference)).Should().Equal(("o3", 1, "first"));
        first[0].Position.Should().BeLessThan(first[1].Position);
        (await Store.Queries.AllocationsOfProductAsync("NOSUCH", 0, 10)).Should().BeEmpty();
    }
}
