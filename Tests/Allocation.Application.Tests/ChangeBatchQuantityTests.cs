using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class ChangeBatchQuantityTests : ServiceTestBase
{
    [Test]
    public async Task Changes_available_quantity()
    {
        await Service.AddBatchAsync("batch1", "ADORABLE-SETTEE", 100, null);

        await Service.ChangeBatchQuantityAsync("batch1", 50);

        (await Service.GetBatchAsync("batch1"))!.AvailableQuantity.Should().Be(50);
    }

    [Test]
    public async Task Reallocates_if_necessary()
    {
        await Service.AddBatchAsync("batch1", "INDIFFERENT-TABLE", 50, null);
        await Service.AddBatchAsync("batch2", "INDIFFERENT-TABLE", 50, Today);
        await Service.AllocateAsync("order1", "INDIFFERENT-TABLE", 20);
        await Service.AllocateAsync("order2", "INDIFFERENT-TABLE", 20);

        var change = await Service.ChangeBatchQuantityAsync("batch1", 25);

        (await Service.GetBatchAsync("batch1"))!.AvailableQuantity.Should().Be(5);
        (await Service.GetBatchAsync("batch2"))!.AvailableQuantity.Should().Be(30);
        change.Reallocated.Should().Equal(new Reallocation(new OrderLine("order2", "INDIFFERENT-TABLE", 20), "batch1", "batch2"));
        (await Service.GetAllocationsAsync("order2")).Single().BatchReference.Should().Be("batch2");
    }

    [Test]
    public async Task Reports_the_lines_that_lost_their_stock()
    {
        await Service.AddBatchAsync("only", "TABLE", 10, null);
        await Service.AllocateAsync("o1", "TABLE", 6);

        var change = await Service.ChangeBatchQuantityAsync("only", 0);

        change.Unallocated.Should().Equal(new OrderLine("o1", "TABLE", 6));
        (await Service.GetAllocationsAsync("o1")).Should().BeEmpty();
    }

    [Test]
    public async Task Asks_for_the_lines_to_take_back()
    {
        await Service.AddBatchAsync("b1", "TABLE", 10, null);

        await Service.ChangeBatchQuantityAsync("b1", 4);

        Uow.Repository.LoadsAskedFor.Last().Should().Be(LinesToLoad.ToTakeBack("b1", 4));
    }

    [Test]
    public async Task An_unknown_batch_is_not_found()
    {
        var act = () => Service.ChangeBatchQuantityAsync("nope", 10);

        await act.Should().ThrowAsync<BatchNotFoundException>();
    }

    [Test]
    public async Task A_negative_quantity_is_invalid()
    {
        await Service.AddBatchAsync("b1", "SKU", 10, null);
        Uow.Commits = 0;

        var act = () => Service.ChangeBatchQuantityAsync("b1", -1);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
        Uow.Committed.Should().BeFalse();
        (await Service.GetBatchAsync("b1"))!.PurchasedQuantity.Should().Be(10);
    }
}
