using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    private async Task SeedHistoryAsync()
    {
        await SeedAsync("HIST", ("b1", 100, null), ("b2", 100, Today));
        for (var i = 1; i <= 6; i++)
        {
            await AllocateAsync($"o{i}", "HIST", i); // 1+2+...+6 = 21 on b1, oldest first
        }
    }

    [Test]
    public async Task Loading_for_several_orders_brings_only_their_lines()
    {
        await SeedHistoryAsync();
        await SeedAsync("OTHER", ("other", 10, null));
        await AllocateAsync("o2", "OTHER", 1);

        var product = await LoadAsync("HIST", LinesToLoad.ForOrders(["o5", "o2", "nobody"]));

        product!.Batches.SelectMany(b => b.Allocations).Should().BeEquivalentTo([new OrderLine("o2", "HIST", 2), new OrderLine("o5", "HIST", 5)]);
        product.Batches[0].AllocatedQuantity.Should().Be(21);
    }

    [Test]
    public async Task Loading_no_lines_still_gives_each_batch_its_total()
    {
        await SeedHistoryAsync();

        var product = await LoadAsync("HIST", LinesToLoad.None);

        product!.Batches.Should().OnlyContain(b => b.Allocations.Count == 0);
        product.Batches[0].AllocatedQuantity.Should().Be(21);
        product.Batches[0].AvailableQuantity.Should().Be(79);
    }

    [Test]
    public async Task Loading_for_an_order_brings_only_that_orders_line()
    {
        await SeedHistoryAsync();

        var product = await LoadAsync("HIST", LinesToLoad.ForOrder("o4"));

        product!.Batches.SelectMany(b => b.Allocations).Should().Equal(new OrderLine("o4", "HIST", 4));
        product.HasAllocated(new OrderLine("o4", "HIST", 4)).Should().BeTrue();
    }

    [Test]
    public async Task Loading_for_an_order_without_a_line_brings_no_lines()
    {
        await SeedHistoryAsync();

        var product = await LoadAsync("HIST", LinesToLoad.ForOrder("o99"));

        product!.Batches.SelectMany(b => b.Allocations).Should().BeEmpty();
    }

    [TestCase(100, new string[0])]
    [TestCase(21, new string[0])]
    [TestCase(20, new[] { "o6" })]
    [TestCase(15, new[] { "o6" })]
    [TestCase(14, new[] { "o5", "o6" })]
    [TestCase(0, new[] { "o1", "o2", "o3", "o4", "o5", "o6" })]
    public async Task Loading_to_take_back_brings_the_fewest_newest_lines_that_make_room(int newQuantity, string[] expected)
    {
        await SeedHistoryAsync();

        var product = await LoadAsync("HIST", LinesToLoad.ToTakeBack("b1", newQuantity));

        product!.Batches[0].Allocations.Select(l => l.OrderId).Should().Equal(expected);
        product.Batches[1].Allocations.Should().BeEmpty();
    }

    [Test]
    public async Task A_quantity_change_on_a_partly_loaded_product_persists_correctly()
    {
        await SeedHistoryAsync();

        await using (var uow = Store.UnitsOfWork.Create())
        {
            var product = await uow.Products.GetByBatchReferenceAsync("b1", LinesToLoad.ToTakeBack("b1", 14));
            product!.ChangeBatchQuantity("b1", 14).Reallocated.Select(r => r.Line.OrderId).Should().Equal("o6", "o5");
            await uow.CommitAsync();
        }

        var reloaded = await LoadAsync("HIST");
        reloaded!.Batches[0].Allocations.Select(l => l.OrderId).Should().Equal("o1", "o2", "o3", "o4");
        reloaded.Batches[0].AllocatedQuantity.Should().Be(10);
        reloaded.Batches[0].PurchasedQuantity.Should().Be(14);
        reloaded.Batches[1].Allocations.Select(l => l.OrderId).Should().Equal("o6", "o5");
        reloaded.Batches[1].AllocatedQuantity.Should().Be(11);
    }

    [Test]
    public async Task Newest_first_survives_a_reload()
    {
        await SeedAsync("NEW", ("b1", 10, null), ("b2", 10, Today));
        await AllocateAsync("first", "NEW", 5);
        await AllocateAsync("second", "NEW", 5);

        await using (var uow = Store.UnitsOfWork.Create())
        {
            var product = await uow.Products.GetByBatchReferenceAsync("b1", LinesToLoad.ToTakeBack("b1", 5));
            product!.ChangeBatchQuantity("b1", 5);
            await uow.CommitAsync();
        }

        (await Store.Queries.AllocationsForOrderAsync("second")).Single().BatchReference.Should().Be("b2");
        (await Store.Queries.AllocationsForOrderAsync("first")).Single().BatchReference.Should().Be("b1");
    }

    [Test]
    public async Task A_line_deallocated_and_allocated_again_in_one_unit_of_work_becomes_the_newest()
    {
        await SeedAsync("RE", ("b1", 10, null));
        await AllocateAsync("a", "RE", 2);
        await AllocateAsync("b", "RE", 2);

        await using (var uow = Store.UnitsOfWork.Create())
        {
            var product = await uow.Products.GetAsync("RE", LinesToLoad.ForOrder("a"));
            product!.Deallocate("a");
            product.Allocate(new OrderLine("a", "RE", 3));
            await uow.CommitAsync();
        }

        var reloaded = await LoadAsync("RE");
        reloaded!.Batches[0].Allocations.Should().Equal(new OrderLine("b", "RE", 2), new OrderLine("a", "RE", 3));
        reloaded.Batches[0].AllocatedQuantity.Should().Be(5);
    }

    [Test]
    public async Task Deallocation_persists()
    {
        await SeedAsync("DE", ("b1", 10, null));
        await AllocateAsync("a", "DE", 2);

        await using (var uow = Store.UnitsOfWork.Create())
        {
            (await uow.Products.GetAsync("DE", LinesToLoad.ForOrder("a")))!.Deallocate("a");
            await uow.CommitAsync();
        }

        (await LoadAsync("DE"))!.Batches[0].Should().Match<Batch>(b => b.AllocatedQuantity == 0 && b.Allocations.Count == 0);
        (await Store.Queries.AllocationsForOrderAsync("a")).Should().BeEmpty();
    }
}
