using Allocation.Application.Reads;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Tests;

/// <summary>The operator's questions: counts, SKU search, an order's history, recent activity.</summary>
public abstract partial class StoreContract
{
    [Test]
    public async Task Stock_counts_skus_batches_lines_and_the_skus_with_nothing_free()
    {
        (await Store.Operators.StockCountsAsync()).Should().Be(new StockCounts(0, 0, 0, 0));
        await SeedAsync("LAMP", ("l1", 5, null), ("l2", 5, Today));
        await SeedAsync("CHAIR", ("c1", 3, null));
        await SeedAsync("TABLE", ("t1", 0, null));
        await AllocateAsync("o1", "LAMP", 5);
        await AllocateAsync("o1", "CHAIR", 3);

        (await Store.Operators.StockCountsAsync()).Should().Be(new StockCounts(3, 4, 2, 2),
            "CHAIR's only batch is full and TABLE has none to give; LAMP still has l2");
    }

    [Test]
    public async Task Products_starting_with_a_prefix_are_listed_case_sensitively_a_page_at_a_time()
    {
        foreach (var sku in new[] { "LAMP-1", "LAMP-2", "LAMP-3", "lamp-4", "LAMB", "SOFA" })
        {
            await SeedAsync(sku, ($"b-{sku}", 1, null));
        }

        var first = await Store.Operators.ProductsStartingWithAsync("LAMP-", "", 2);
        var rest = await Store.Operators.ProductsStartingWithAsync("LAMP-", first[^1].Sku, 2);

        first.Select(p => p.Sku).Should().Equal("LAMP-1", "LAMP-2");
        rest.Select(p => p.Sku).Should().Equal("LAMP-3");
        (await Store.Operators.ProductsStartingWithAsync("LAMP-", "LAMP-3", 2)).Should().BeEmpty();
        (await Store.Operators.ProductsStartingWithAsync("", "", 10)).Should().HaveCount(6);
        (await Store.Operators.ProductsStartingWithAsync("lamp", "", 10)).Select(p => p.Sku).Should().Equal("lamp-4");
        (await Store.Operators.ProductsStartingWithAsync("LAMP-2", "", 10)).Single().Should().Be(new ProductSummary("LAMP-2", 1, 1, 0));
    }

    [Test]
    public async Task An_orders_history_has_its_lines_now_and_every_event_about_them()
    {
        await Service.AddBatchAsync("early", "LAMP", 10, null);
        await Service.AddBatchAsync("late", "LAMP", 10, Today);
        await Service.AddBatchAsync("c1", "CHAIR", 5, null);
        await Service.AllocateAsync("o1", "LAMP", 6);
        await Service.AllocateAsync("o1", "CHAIR", 5);
        await Service.AllocateAsync("o10", "LAMP", 1); // an order id that starts like o1's
        await Service.ChangeBatchQuantityAsync("early", 2); // o1's lamps move to "late"
        await Service.ChangeBatchQuantityAsync("c1", 1); // o1's chairs lose their stock

        var history = await Store.Operators.OrderHistoryAsync("o1", 100);

        history.Lines.Should().Equal(new OrderLineView("LAMP", 6, "late", Today));
        history.Events.Select(e => e.ToDomainEvent()).Should().Equal(
            new Allocated("o1", "LAMP", 6, "early"),
            new Allocated("o1", "CHAIR", 5, "c1"),
            new Deallocated("o1", "LAMP", 6, "early", TakenBack: true),
            new Allocated("o1", "LAMP", 6, "late"),
            new Deallocated("o1", "CHAIR", 5, "c1", TakenBack: true),
            new AllocationLost("o1", "CHAIR", 5, "c1"));
        (await Store.Operators.OrderHistoryAsync("o1", 2)).Events.Select(e => e.Type).Should().Equal("Deallocated", "AllocationLost");
        var none = await Store.Operators.OrderHistoryAsync("O1", 100);
        none.Lines.Should().BeEmpty("order ids are case-sensitive");
        none.Events.Should().BeEmpty();
    }

    [Test]
    public async Task Activity_counts_allocations_and_out_of_stock_events_per_second()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-2);
        await Service.AddBatchAsync("b1", "LAMP", 2, null);
        await Service.AllocateAsync("o1", "LAMP", 1);
        await Service.AllocateAsync("o2", "LAMP", 1);
        var refused = () => Service.AllocateAsync("o3", "LAMP", 1);
        await refused.Should().ThrowAsync<Domain.Errors.OutOfStockException>();

        var seconds = await Store.Operators.ActivityAsync(since);

        seconds.Sum(s => s.Allocated).Should().Be(2);
        seconds.Sum(s => s.OutOfStock).Should().Be(1);
        seconds.Should().OnlyContain(s => s.Second >= since.AddSeconds(-1) && s.Second <= DateTimeOffset.UtcNow
            && s.Second.Ticks % TimeSpan.TicksPerSecond == 0 && s.Second.Offset == TimeSpan.Zero);
        seconds.Select(s => s.Second).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (await Store.Operators.ActivityAsync(DateTimeOffset.UtcNow.AddMinutes(1))).Should().BeEmpty();
    }
}
