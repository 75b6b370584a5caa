using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Application.Tests;

public sealed class AllocateTests : ServiceTestBase
{
    [Test]
    public async Task Allocates()
    {
        await Service.AddBatchAsync("batch1", "COMPLICATED-LAMP", 100, null);

        await Service.AllocateAsync("o1", "COMPLICATED-LAMP", 10);

        (await Service.GetBatchAsync("batch1"))!.AvailableQuantity.Should().Be(90);
    }

    [Test]
    public async Task Returns_allocation()
    {
        await Service.AddBatchAsync("batch1", "COMPLICATED-LAMP", 100, null);

        var result = await Service.AllocateAsync("o1", "COMPLICATED-LAMP", 10);

        result.Should().Be(new AllocationResult("o1", "COMPLICATED-LAMP", 10, "batch1", WasAlreadyAllocated: false));
    }

    [Test]
    public async Task Loads_only_the_line_of_the_order()
    {
        await Service.AddBatchAsync("batch1", "LAMP", 100, null);

        await Service.AllocateAsync("o1", "LAMP", 10);

        Uow.Repository.LoadsAskedFor.Last().Should().Be(LinesToLoad.ForOrder("o1"));
    }

    [Test]
    public async Task Errors_for_invalid_sku()
    {
        await Service.AddBatchAsync("b1", "AREALSKU", 100, null);

        var act = () => Service.AllocateAsync("o1", "NONEXISTENTSKU", 10);

        var error = (await act.Should().ThrowAsync<InvalidSkuException>().WithMessage("Invalid sku NONEXISTENTSKU")).Which;
        error.Code.Should().Be("invalid-sku");
    }

    [Test]
    public async Task Commits()
    {
        await Service.AddBatchAsync("b1", "OMINOUS-MIRROR", 100, null);
        Uow.Commits = 0;

        await Service.AllocateAsync("o1", "OMINOUS-MIRROR", 10);

        Uow.Committed.Should().BeTrue();
    }

    [Test]
    public async Task Out_of_stock_is_an_error_that_commits_only_its_event()
    {
        await Service.AddBatchAsync("b1", "POPULAR-CURTAINS", 9, null);
        Uow.Logged.Clear();
        var version = Uow.Repository.Products.Single().VersionNumber;

        var act = () => Service.AllocateAsync("o1", "POPULAR-CURTAINS", 10);

        await act.Should().ThrowAsync<OutOfStockException>().WithMessage("Out of stock for sku POPULAR-CURTAINS*");
        Uow.Logged.Should().Equal(new OutOfStock("POPULAR-CURTAINS"));
        Uow.Repository.Products.Single().VersionNumber.Should().Be(version);
        Uow.Repository.Products.Single().Batches[0].AllocatedQuantity.Should().Be(0);
    }

    [Test]
    public async Task A_repeated_identical_request_returns_the_same_batch_and_changes_nothing()
    {
        await Service.AddBatchAsync("b1", "LAMP", 100, null);
        await Service.AllocateAsync("o1", "LAMP", 10);

        var again = await Service.AllocateAsync("o1", "LAMP", 10);

        again.Should().Be(new AllocationResult("o1", "LAMP", 10, "b1", WasAlreadyAllocated: true));
        var product = (await Service.GetProductAsync("LAMP"))!;
        product.VersionNumber.Should().Be(2);
        product.Batches.Single().AllocatedQuantity.Should().Be(10);
    }

    [Test]
    public async Task The_same_order_line_with_another_quantity_is_rejected()
    {
        await Service.AddBatchAsync("b1", "LAMP", 100, null);
        await Service.AllocateAsync("o1", "LAMP", 10);

        var act = () => Service.AllocateAsync("o1", "LAMP", 11);

        await act.Should().ThrowAsync<LineAlreadyAllocatedException>();
        (await Service.GetBatchAsync("b1"))!.AllocatedQuantity.Should().Be(10);
    }

    [TestCase("", 1, "orderId")]
    [TestCase("o1", 0, "quantity")]
    [TestCase("o1", -5, "quantity")]
    public async Task Arguments_that_break_the_models_invariants_are_refused_and_nothing_is_committed(string orderId, int quantity, string parameter)
    {
        await Service.AddBatchAsync("b1", "SKU", 10, null);
        Uow.Commits = 0;

        var act = () => Service.AllocateAsync(orderId, "SKU", quantity);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(parameter);
        Uow.Committed.Should().BeFalse();
        (await Service.GetBatchAsync("b1"))!.AllocatedQuantity.Should().Be(0);
    }

    [Test]
    public async Task A_blank_sku_names_no_product()
    {
        var act = () => Service.AllocateAsync("o1", "  ", 1);

        await act.Should().ThrowAsync<InvalidSkuException>();
        Uow.Committed.Should().BeFalse();
    }
}
