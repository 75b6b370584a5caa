using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    [Test]
    public async Task A_product_round_trips_with_batches_lines_and_version()
    {
        await SeedAsync("RUG", ("warehouse", 10, null), ("shipment", 20, Today));
        await AllocateAsync("o1", "RUG", 4);
        await AllocateAsync("o2", "RUG", 6);
        await AllocateAsync("o3", "RUG", 5);

        var product = await LoadAsync("RUG");

        product!.VersionNumber.Should().Be(5, "two batches added and three lines allocated");
        product.Batches.Select(b => (b.Reference, b.Sku, b.PurchasedQuantity, b.Eta, b.AllocatedQuantity))
            .Should().Equal(("warehouse", "RUG", 10, null, 10), ("shipment", "RUG", 20, Today, 5));
        product.Batches[0].Allocations.Should().Equal(new OrderLine("o1", "RUG", 4), new OrderLine("o2", "RUG", 6));
        product.Batches[1].Allocations.Should().Equal(new OrderLine("o3", "RUG", 5));
    }

    [Test]
    public async Task Batches_come_back_in_the_order_they_were_added_so_ties_stay_deterministic()
    {
        await SeedAsync("TIE", ("zeta", 10, Today));
        await SeedAsync("TIE", ("alpha", 10, Today));

        var product = await LoadAsync("TIE");
        product!.Allocate(new OrderLine("o1", "TIE", 1)).Should().Be("zeta");
    }

    [Test]
    public async Task An_unknown_sku_loads_as_null()
    {
        (await LoadAsync("NOPE")).Should().BeNull();
    }

    [Test]
    public async Task Get_by_batch_reference_finds_the_owning_product()
    {
        await SeedAsync("sku1", ("b1", 100, null), ("b2", 100, Today));
        await SeedAsync("sku2", ("b3", 100, null));

        await using var uow = Store.UnitsOfWork.Create();
        (await uow.Products.GetByBatchReferenceAsync("b2", LinesToLoad.None))!.Sku.Should().Be("sku1");
        (await uow.Products.GetByBatchReferenceAsync("b3", LinesToLoad.None))!.Sku.Should().Be("sku2");
        (await uow.Products.GetByBatchReferenceAsync("b4", LinesToLoad.None)).Should().BeNull();
    }

    [Test]
    public async Task A_product_loaded_twice_in_one_unit_of_work_is_the_same_instance()
    {
        await SeedAsync("SKU", ("b1", 10, null));

        await using var uow = Store.UnitsOfWork.Create();
        var first = await uow.Products.GetAsync("SKU", LinesToLoad.None);
        var second = await uow.Products.GetByBatchReferenceAsync("b1", LinesToLoad.None);

        second.Should().BeSameAs(first);
    }

    [Test]
    public async Task Rolls_back_uncommitted_work_by_default()
    {
        await using (var uow = Store.UnitsOfWork.Create())
        {
            var product = new Product("SKU");
            product.AddBatch("b1", 10, null);
            await uow.Products.AddAsync(product);
        }

        (await LoadAsync("SKU")).Should().BeNull();
        (await Store.Queries.BatchAsync("b1")).Should().BeNull();
    }

    [Test]
    public async Task Rolls_back_when_disposed_without_a_commit()
    {
        await SeedAsync("SKU", ("b1", 10, null));

        await using (var uow = Store.UnitsOfWork.Create())
        {
            (await uow.Products.GetAsync("SKU", LinesToLoad.None))!.Allocate(new OrderLine("o1", "SKU", 5));
        }

        (await LoadAsync("SKU"))!.Batches[0].AllocatedQuantity.Should().Be(0);
    }

    [Test]
    public async Task Rolls_back_on_error()
    {
        await SeedAsync("SKU", ("b1", 10, null));

        var act = async () =>
        {
            await using var uow = Store.UnitsOfWork.Create();
            (await uow.Products.GetAsync("SKU", LinesToLoad.None))!.Allocate(new OrderLine("o1", "SKU", 5));
            throw new InvalidOperationException("boom");
        };

        await act.Should().ThrowAsync<InvalidOperationException>();
        (await LoadAsync("SKU"))!.VersionNumber.Should().Be(1);
    }

    [Test]
    public async Task A_unit_of_work_cannot_be_used_after_it_committed()
    {
        await using var uow = Store.UnitsOfWork.Create();
        await uow.CommitAsync();

        var load = () => uow.Products.GetAsync("SKU", LinesToLoad.None);
        var commit = () => uow.CommitAsync();

        await load.Should().ThrowAsync<InvalidOperationException>();
        await commit.Should().ThrowAsync<InvalidOperationException>();
    }

    [Test]
    public async Task A_unit_of_work_that_changes_nothing_writes_nothing()
    {
        await SeedAsync("SKU", ("b1", 10, null));

        await using (var uow = Store.UnitsOfWork.Create())
        {
            await uow.Products.GetAsync("SKU", LinesToLoad.All);
            await uow.CommitAsync();
        }

        (await Store.Queries.ProductAsync("SKU"))!.VersionNumber.Should().Be(1);
    }
}
