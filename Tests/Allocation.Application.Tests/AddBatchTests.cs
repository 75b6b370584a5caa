using Allocation.Domain.Errors;
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
    public async Task Arguments_that_break_the_models_invariants_are_refused_and_nothing_is_committed()
    {
        await Service.AddBatchAsync("b1", "RUG", 5, null);
        Uow.Commits = 0;

        var blank = () => Service.AddBatchAsync(" ", "RUG", 5, null);
        var tooLong = () => Service.AddBatchAsync("b2", new string('s', 256), 5, null);
        var negative = () => Service.AddBatchAsync("b3", "RUG", -1, null);

        (await blank.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("reference");
        (await tooLong.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("sku");
        await negative.Should().ThrowAsync<ArgumentOutOfRangeException>();
        Uow.Committed.Should().BeFalse();
        Uow.Repository.Products.Single().Batches.Should().ContainSingle();
    }

    [Test]
    public async Task A_batch_of_zero_units_is_valid()
    {
        await Service.AddBatchAsync("empty", "RUG", 0, null);

        (await Service.GetBatchAsync("empty"))!.AvailableQuantity.Should().Be(0);
    }
}
