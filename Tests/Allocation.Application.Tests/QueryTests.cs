using Allocation.Application.Errors;
using Allocation.Application.Reads;
using Allocation.Domain;

namespace Allocation.Application.Tests;

public sealed class QueryTests : ServiceTestBase
{
    [Test]
    public async Task A_batch_reports_its_totals()
    {
        await Service.AddBatchAsync("b1", "LAMP", 100, Today);
        await Service.AllocateAsync("o1", "LAMP", 30);

        var batch = (await Service.GetBatchAsync("b1"))!;

        batch.Should().Be(new BatchView("b1", "LAMP", 100, Today, 30));
        batch.AvailableQuantity.Should().Be(70);
    }

    [Test]
    public async Task An_unknown_batch_is_not_found()
    {
        (await Service.GetBatchAsync("nope")).Should().BeNull();
    }

    [Test]
    public async Task A_product_reports_its_version_and_batches_in_order()
    {
        await Service.AddBatchAsync("b1", "LAMP", 10, Today);
        await Service.AddBatchAsync("b0", "LAMP", 20, null);

        var product = (await Service.GetProductAsync("LAMP"))!;

        product.VersionNumber.Should().Be(2);
        product.Batches.Select(b => b.Reference).Should().Equal("b1", "b0");
    }

    [Test]
    public async Task An_unknown_product_is_not_found()
    {
        (await Service.GetProductAsync("NOPE")).Should().BeNull();
    }

    [Test]
    public async Task An_order_lists_the_batch_of_each_of_its_lines()
    {
        await Service.AddBatchAsync("sku1batch", "sku1", 50, null);
        await Service.AddBatchAsync("sku2batch", "sku2", 50, Today);
        await Service.AllocateAsync("order1", "sku1", 20);
        await Service.AllocateAsync("order1", "sku2", 20);
        await Service.AllocateAsync("otherorder", "sku1", 30);

        var allocations = await Service.GetAllocationsAsync("order1");

        allocations.Should().Equal(new OrderAllocation("sku1", "sku1batch"), new OrderAllocation("sku2", "sku2batch"));
    }

    [Test]
    public async Task Identifiers_no_model_could_hold_find_nothing()
    {
        (await Service.GetBatchAsync("")).Should().BeNull();
        (await Service.GetProductAsync("\n")).Should().BeNull();
        (await Service.GetAllocationsAsync(new string('o', 300))).Should().BeEmpty();
    }
}
