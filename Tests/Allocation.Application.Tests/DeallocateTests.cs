using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class DeallocateTests : ServiceTestBase
{
    [Test]
    public async Task Releases_the_line_and_returns_its_batch()
    {
        await Service.AddBatchAsync("b1", "LAMP", 100, null);
        await Service.AllocateAsync("o1", "LAMP", 10);

        (await Service.DeallocateAsync("o1", "LAMP")).Should().Be("b1");

        (await Service.GetBatchAsync("b1"))!.AvailableQuantity.Should().Be(100);
        (await Service.GetAllocationsAsync("o1")).Should().BeEmpty();
    }

    [Test]
    public async Task A_line_the_order_does_not_hold_is_not_allocated()
    {
        await Service.AddBatchAsync("b1", "LAMP", 100, null);

        var act = () => Service.DeallocateAsync("o1", "LAMP");

        await act.Should().ThrowAsync<LineNotAllocatedException>();
    }

    [Test]
    public async Task An_unknown_sku_is_reported_as_a_line_not_allocated()
    {
        var act = () => Service.DeallocateAsync("o1", "NOPE");

        await act.Should().ThrowAsync<LineNotAllocatedException>().WithMessage("Order o1 has no allocation for sku NOPE.");
    }

    [Test]
    public async Task Blank_arguments_find_no_line_and_change_nothing()
    {
        var act = () => Service.DeallocateAsync("", "");

        await act.Should().ThrowAsync<LineNotAllocatedException>();
        Uow.Committed.Should().BeFalse();
    }
}
