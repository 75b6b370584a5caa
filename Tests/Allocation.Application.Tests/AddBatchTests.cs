using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class AddBatchTests : ServiceTestBase
{
    [Test]
    public async Task For_new_product()
    {
        await Service.AddBatchAsync("b1", "CRUNCHY-ARMCHAIR", 100, null);

        Uow.Repository.Products.Should().ContainSingle(p => p.Sku == "CRUNCHY-ARMCHAIR");
        Uow.Committed.Should().BeTrue();
    }

    [Test]
    public async Task For_existing_product()
    {
        await Service.AddBatchAsync("b1", "GARISH-RUG", 100, null);
        await Service.AddBatchAsync("b2", "GARISH-RUG", 99, Today);

        Uow.Repository.Products.Should().ContainSingle()
            .Which.Batches.Select(b => b.Reference).Should().Equal("b1", "b2");
    }

    [Test]
    public async Task Loads_no_order_lines()
    {
        await Service.AddBatchAsync("b1", "GARISH-RUG", 100, null);

        Uow.Repository.LoadsAskedFor.Should().Equal(LinesToLoad.None);
    }

    [Test]
    public async Task A_duplicate_reference_is_rejected_and_not_committed()
    {
        await Service.AddBatchAsync("b1", "GARISH-RUG", 100, null);
        Uow.Commits = 0;

        var act = () => Service.AddBatchAsync("b1", "GARISH-RUG", 5, null);

        await act.Should().ThrowAsync<DuplicateBatchException>();
        Uow.Committed.Should().BeFalse();
    }

    [Test]
    public async Task Invalid_arguments_are_all_reported_and_nothing_is_touched()
    {
        var act = () => Service.AddBatchAsync(" ", new string('s', 256), -1, null);

        var error = (await act.Should().ThrowAsync<InvalidInputException>()).Which;
        error.Code.Should().Be("validation-failed");
        error.Errors.Keys.Should().BeEquivalentTo("reference", "sku", "quantity");
        Uow.Created.Should().Be(0);
    }

    [Test]
    public async Task A_batch_of_zero_units_is_valid()
    {
        await Service.AddBatchAsync("empty", "RUG", 0, null);

        (await Service.GetBatchAsync("empty")).AvailableQuantity.Should().Be(0);
    }
}
