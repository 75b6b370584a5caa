using Allocation.Domain.Errors;
using Allocation.Application;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.TestSupport;

namespace Allocation.Adapters.Tests;

public abstract partial class StoreContract
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Allocates 1 unit for <paramref name="count"/> distinct orders at once; returns "allocated" or the error code of each.</summary>
    private static Task<string[]> AllocateConcurrentlyAsync(AllocationService service, string sku, int count) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            try
            {
                await service.AllocateAsync($"order-{i}", sku, 1);
                return "allocated";
            }
            catch (AllocationException e)
            {
                return e.Code;
            }
        }))).WaitAsync(Patience);

    [Test]
    public async Task A_second_writer_waits_for_the_first_to_commit_and_then_sees_its_change()
    {
        await SeedAsync("HOT", ("b1", 10, null));
        await using var first = Store.UnitsOfWork.Create();
        var held = await first.Products.GetAsync("HOT", LinesToLoad.None);

        await using var second = Store.UnitsOfWork.Create();
        var waiting = second.Products.GetAsync("HOT", LinesToLoad.None);
        await Task.Delay(200);
        waiting.IsCompleted.Should().BeFalse("the first unit of work holds the product's writer lock");

        held!.Allocate(new OrderLine("o1", "HOT", 4));
        // On SQLite the first commit completes with its group, which the second writer may have joined.
        var committing = first.CommitAsync();

        var seen = await waiting.WaitAsync(Patience);
        seen!.VersionNumber.Should().Be(2);
        seen.Batches[0].AllocatedQuantity.Should().Be(4);
        await second.DisposeAsync();
        await committing.WaitAsync(Patience);
        (await Store.Queries.ProductAsync("HOT"))!.VersionNumber.Should().Be(2);
    }

    [Test]
    public async Task A_writer_that_fails_among_concurrent_writers_fails_alone()
    {
        await SeedAsync("TAKEN", ("taken", 10, null));
        var service = new AllocationService(Store.UnitsOfWork, Store.Queries);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            try
            {
                await service.AddBatchAsync(i % 4 == 0 ? "taken" : $"new-{i}", $"NEW-{i}", 5, null);
                return "added";
            }
            catch (DuplicateBatchException)
            {
                return "duplicate";
            }
        }))).WaitAsync(Patience);

        outcomes.Count(o => o == "duplicate").Should().Be(6);
        for (var i = 0; i < 24; i++)
        {
            var product = await Store.Queries.ProductAsync($"NEW-{i}");
            if (i % 4 == 0)
            {
                product.Should().BeNull("the failed writer's new product was rolled back with it");
            }
            else
            {
                product!.Batches.Should().ContainSingle(b => b.Reference == $"new-{i}", "its neighbours' work was kept");
            }
        }
    }

    [Test]
    public async Task Concurrent_allocations_of_one_sku_share_units_of_work_and_each_gets_its_own_answer()
    {
        await SeedAsync("SHARED", ("warehouse", 30, null));
        var counting = new CountingUnitOfWorkFactory(Store.UnitsOfWork);
        var service = new AllocationService(counting, Store.Queries);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            try
            {
                var result = await service.AllocateAsync($"order-{i % 35}", "SHARED", 1);
                return result.WasAlreadyAllocated ? "repeat" : "allocated";
            }
            catch (AllocationException e)
            {
                return e.Code;
            }
        }))).WaitAsync(Patience);

        outcomes.Count(o => o == "allocated").Should().Be(30);
        outcomes.Count(o => o == "allocated" || o == "repeat" || o == "out-of-stock").Should().Be(40);
        var product = await Store.Queries.ProductAsync("SHARED");
        product!.Batches[0].AllocatedQuantity.Should().Be(30);
        product.VersionNumber.Should().Be(1 + 30, "one version per change, however the changes were grouped");
        (await Store.CountAllocationRowsAsync()).Should().Be(30);
        var logged = await ReadAllEventsAsync();
        logged.Count(e => e.Type == "Allocated").Should().Be(30);
    }

    [Test]
    public async Task Readers_do_not_wait_for_writers()
    {
        await SeedAsync("HOT", ("b1", 10, null));
        await using var writer = Store.UnitsOfWork.Create();
        (await writer.Products.GetAsync("HOT", LinesToLoad.None))!.Allocate(new OrderLine("o1", "HOT", 4));

        var product = await Store.Queries.ProductAsync("HOT").WaitAsync(Patience);

        product!.Batches[0].AllocatedQuantity.Should().Be(0, "readers see committed data only");
    }

    [Test]
    public async Task A_lock_wait_past_the_limit_fails_with_a_retryable_error_and_the_holder_still_commits()
    {
        await SeedAsync("HOT", ("b1", 10, null));
        await using var holder = Store.UnitsOfWork.Create();
        var product = await holder.Products.GetAsync("HOT", LinesToLoad.None);

        var impatient = Store.CreateUnitsOfWork(lockProductsForChange: true, TimeSpan.FromMilliseconds(300));
        var act = async () =>
        {
            await using var uow = impatient.Create();
            await uow.Products.GetAsync("HOT", LinesToLoad.None);
        };

        (await act.Should().ThrowAsync<StoreUnavailableException>().WaitAsync(Patience))
            .Which.Should().Match<StoreUnavailableException>(e => !e.IsTransient && e.Code == "store-unavailable");
        product!.Allocate(new OrderLine("o1", "HOT", 1));
        await holder.CommitAsync();
        (await Store.Queries.ProductAsync("HOT"))!.VersionNumber.Should().Be(2);
    }

    [Test]
    public async Task Concurrent_allocations_on_one_sku_never_over_allocate_and_never_conflict()
    {
        await SeedAsync("FLASH", ("warehouse", 15, null), ("soon", 15, Today), ("later", 10, Today.AddDays(5)));
        var counting = new CountingUnitOfWorkFactory(Store.UnitsOfWork);
        var service = new AllocationService(counting, Store.Queries);

        var outcomes = await AllocateConcurrentlyAsync(service, "FLASH", 64);

        outcomes.Count(o => o == "allocated").Should().Be(40);
        outcomes.Count(o => o == "out-of-stock").Should().Be(24);
        counting.Created.Should().BeLessThanOrEqualTo(64, "allocations share units of work, and none needed a retry");
        var product = await Store.Queries.ProductAsync("FLASH");
        product!.Batches.Should().OnlyContain(b => b.AllocatedQuantity == b.PurchasedQuantity);
        product.VersionNumber.Should().Be(3 + 40);
        (await Store.CountAllocationRowsAsync()).Should().Be(40);
    }

    [Test]
    public async Task Fifty_concurrent_allocations_against_twenty_units_allocate_exactly_twenty()
    {
        await SeedAsync("STRESS", ("b1", 8, null), ("b2", 12, Today));
        var service = new AllocationService(Store.UnitsOfWork, Store.Queries);

        var outcomes = await AllocateConcurrentlyAsync(service, "STRESS", 50);

        outcomes.Count(o => o == "allocated").Should().Be(20);
        outcomes.Count(o => o == "out-of-stock").Should().Be(30);
        (await Store.CountAllocationRowsAsync()).Should().Be(20);
        (await Store.Queries.ProductAsync("STRESS"))!.Batches.Should().OnlyContain(b => b.AllocatedQuantity <= b.PurchasedQuantity);
    }

    [Test]
    public async Task Concurrent_first_batches_of_a_new_sku_all_land_on_one_product()
    {
        var service = new AllocationService(Store.UnitsOfWork, Store.Queries);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => service.AddBatchAsync($"batch-{i}", "LAUNCH", 10, null)))).WaitAsync(Patience);

        var product = await Store.Queries.ProductAsync("LAUNCH");
        product!.Batches.Should().HaveCount(16);
        product.VersionNumber.Should().Be(16);
    }

    [Test]
    public async Task Concurrent_allocations_with_optimistic_checks_only_still_never_over_allocate()
    {
        await SeedAsync("OPTIMISTIC", ("b1", 20, null));
        var service = new AllocationService(Store.UnlockedUnitsOfWork, Store.Queries);

        var outcomes = await AllocateConcurrentlyAsync(service, "OPTIMISTIC", 50);

        var product = await Store.Queries.ProductAsync("OPTIMISTIC");
        var allocated = outcomes.Count(o => o == "allocated");
        allocated.Should().BeLessThanOrEqualTo(20);
        product!.Batches[0].AllocatedQuantity.Should().Be(allocated);
        product.VersionNumber.Should().Be(1 + allocated);
        (await Store.CountAllocationRowsAsync()).Should().Be(allocated);
        outcomes.Should().OnlyContain(o => o == "allocated" || o == "out-of-stock" || o == "concurrency-conflict");
    }
}
