using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    [Test]
    public async Task A_batch_reference_taken_by_another_product_is_rejected_at_commit_and_nothing_is_written()
    {
        await SeedAsync("sku1", ("b1", 10, null));

        var act = async () =>
        {
            await using var uow = Store.UnitsOfWork.Create();
            var product = new Product("sku2");
            product.AddBatch("fresh", 5, null);
            product.AddBatch("b1", 5, null);
            await uow.Products.AddAsync(product);
            await uow.CommitAsync();
        };

        await act.Should().ThrowAsync<DuplicateBatchException>().Where(e => e.Reference == "b1");
        (await LoadAsync("sku2")).Should().BeNull();
        (await Store.Queries.BatchAsync("fresh")).Should().BeNull();
    }

    [Test]
    public async Task A_stale_version_is_refused_at_commit_and_only_one_writer_wins()
    {
        await SeedAsync("SAFETY", ("b1", 10, null));
        var unlocked = Store.UnlockedUnitsOfWork;

        await using var first = unlocked.Create();
        await using var second = unlocked.Create();
        (await first.Products.GetAsync("SAFETY", LinesToLoad.ForOrder("o1")))!.Allocate(new OrderLine("o1", "SAFETY", 1));
        (await second.Products.GetAsync("SAFETY", LinesToLoad.ForOrder("o2")))!.Allocate(new OrderLine("o2", "SAFETY", 1));

        await first.CommitAsync();
        var act = () => second.CommitAsync();

        (await act.Should().ThrowAsync<ConcurrencyConflictException>())
            .Which.Should().Match<ConcurrencyConflictException>(e => e.Sku == "SAFETY" && e.ExpectedVersion == 1);
        var product = await Store.Queries.ProductAsync("SAFETY");
        product!.VersionNumber.Should().Be(2);
        product.Batches[0].AllocatedQuantity.Should().Be(1);
        (await Store.Queries.AllocationsForOrderAsync("o2")).Should().BeEmpty();
    }

    [Test]
    public async Task A_conflict_on_one_product_rolls_back_the_whole_commit()
    {
        await SeedAsync("A", ("a1", 10, null));
        await SeedAsync("B", ("b1", 10, null));
        var unlocked = Store.UnlockedUnitsOfWork;

        await using var both = unlocked.Create();
        (await both.Products.GetAsync("A", LinesToLoad.None))!.Allocate(new OrderLine("o1", "A", 1));
        (await both.Products.GetAsync("B", LinesToLoad.None))!.Allocate(new OrderLine("o1", "B", 1));
        await using (var rival = unlocked.Create())
        {
            (await rival.Products.GetAsync("B", LinesToLoad.None))!.Allocate(new OrderLine("o2", "B", 1));
            await rival.CommitAsync();
        }

        var act = () => both.CommitAsync();

        await act.Should().ThrowAsync<ConcurrencyConflictException>();
        (await Store.Queries.ProductAsync("A"))!.VersionNumber.Should().Be(1);
        (await Store.Queries.AllocationsForOrderAsync("o1")).Should().BeEmpty();
    }

    [Test]
    public async Task Two_units_of_work_creating_the_same_product_conflict_instead_of_duplicating_it()
    {
        var unlocked = Store.UnlockedUnitsOfWork;
        await using var first = unlocked.Create();
        await using var second = unlocked.Create();
        foreach (var (uow, reference) in new[] { (first, "b1"), (second, "b2") })
        {
            (await uow.Products.GetAsync("NEW", LinesToLoad.None)).Should().BeNull();
            var product = new Product("NEW");
            product.AddBatch(reference, 10, null);
            await uow.Products.AddAsync(product);
        }

        await first.CommitAsync();
        var act = () => second.CommitAsync();

        await act.Should().ThrowAsync<ConcurrencyConflictException>();
        (await Store.Queries.ProductAsync("NEW"))!.Batches.Select(b => b.Reference).Should().Equal("b1");
    }
}
