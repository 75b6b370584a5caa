using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Domain.Errors;
using Allocation.Domain.Events;

namespace Allocation.Application.Tests;

/// <summary>Concurrent allocations of one product share a unit of work (ADR 0013).</summary>
public sealed class CoalescingTests : ServiceTestBase
{
    private TaskCompletionSource _firstCommit = null!;

    [SetUp]
    public async Task AddStock()
    {
        await Service.AddBatchAsync("warehouse", "LAMP", 10, null);
        await Service.AddBatchAsync("shipment", "LAMP", 5, Today.AddDays(3));
        Uow.Created.Should().Be(2);
        _firstCommit = new TaskCompletionSource();
    }

    private AllocationService WithLanes(int lanes) =>
        new(Uow, Uow, Microsoft.Extensions.Options.Options.Create(new AllocationOptions { AllocationLanes = lanes }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AllocationService>.Instance);

    /// <summary>Starts one allocation and holds its commit, so the ones started next queue behind it.</summary>
    private Task<AllocationResult> StartHeld(string orderId, int quantity)
    {
        Uow.BeforeCommit = () => _firstCommit.Task;
        var held = Service.AllocateAsync(orderId, "LAMP", quantity);
        Uow.BeforeCommit = null;
        return held;
    }

    [Test]
    public async Task Allocations_that_arrive_while_one_commits_share_the_next_unit_of_work()
    {
        var first = StartHeld("o1", 1);
        var queued = Enumerable.Range(2, 5).Select(i => Service.AllocateAsync($"o{i}", "LAMP", 1)).ToList();

        _firstCommit.SetResult();
        var results = await Task.WhenAll(queued.Prepend(first));

        results.Select(r => r.OrderId).Should().Equal("o1", "o2", "o3", "o4", "o5", "o6");
        results.Should().OnlyContain(r => r.BatchReference == "warehouse" && !r.WasAlreadyAllocated);
        (Uow.Created - 2).Should().Be(2, "o1 alone, then o2..o6 together");
        Uow.Repository.LoadsAskedFor.Last().Should().Be(LinesToLoad.ForOrders(["o2", "o3", "o4", "o5", "o6"]));
        Uow.Repository.Products.Single().VersionNumber.Should().Be(2 + 6, "the version goes up once per change, not once per commit");
        Uow.Logged.OfType<Allocated>().Select(e => e.OrderId).Should().Equal("o1", "o2", "o3", "o4", "o5", "o6");
    }

    [Test]
    public async Task A_refused_line_never_fails_its_neighbours()
    {
        var first = StartHeld("o1", 9);
        var fits = Service.AllocateAsync("o2", "LAMP", 5);
        var tooBig = Service.AllocateAsync("o3", "LAMP", 50);
        var otherQuantity = Service.AllocateAsync("o1", "LAMP", 2);
        var repeat = Service.AllocateAsync("o1", "LAMP", 9);

        _firstCommit.SetResult();

        (await first).BatchReference.Should().Be("warehouse");
        (await fits).BatchReference.Should().Be("shipment", "the warehouse has 1 left");
        await FluentActions.Awaiting(() => tooBig).Should().ThrowAsync<OutOfStockException>();
        await FluentActions.Awaiting(() => otherQuantity).Should().ThrowAsync<LineAlreadyAllocatedException>();
        (await repeat).WasAlreadyAllocated.Should().BeTrue();
        Uow.Logged.OfType<OutOfStock>().Should().ContainSingle("a refusal still commits its event with the rest");
        (await Service.GetBatchAsync("shipment"))!.AvailableQuantity.Should().Be(0);
    }

    [Test]
    public async Task A_failed_unit_of_work_fails_every_line_in_it_and_stores_none()
    {
        var first = StartHeld("o1", 1);
        Uow.CommitFailures.Enqueue(() => new StoreUnavailableException("down", isTransient: false)); // o1's commit
        Uow.CommitFailures.Enqueue(() => new StoreUnavailableException("down", isTransient: false)); // o2 and o3's
        var queued = new[] { Service.AllocateAsync("o2", "LAMP", 1), Service.AllocateAsync("o3", "LAMP", 1) };

        _firstCommit.SetResult();

        await FluentActions.Awaiting(() => first).Should().ThrowAsync<StoreUnavailableException>();
        foreach (var line in queued)
        {
            await FluentActions.Awaiting(() => line).Should().ThrowAsync<StoreUnavailableException>();
        }

        (await Service.AllocateAsync("o4", "LAMP", 1)).BatchReference.Should().Be("warehouse", "the queue goes on after a failure");
    }

    [Test]
    public async Task A_conflict_reruns_the_whole_unit_of_work()
    {
        var first = StartHeld("o1", 1);
        Uow.CommitFailures.Enqueue(() => new ConcurrencyConflictException("LAMP", expectedVersion: null)); // o1's first attempt
        var second = Service.AllocateAsync("o2", "LAMP", 1);

        _firstCommit.SetResult();

        (await first).BatchReference.Should().Be("warehouse");
        (await second).BatchReference.Should().Be("warehouse");
        Uow.Logged.OfType<Allocated>().Should().HaveCount(2);
    }

    [Test]
    public async Task With_one_allocation_per_commit_each_line_has_its_own_unit_of_work()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new AllocationOptions { MaxAllocationsPerCommit = 1 });
        var service = new AllocationService(Uow, Uow, options, Microsoft.Extensions.Logging.Abstractions.NullLogger<AllocationService>.Instance);
        Uow.BeforeCommit = () => _firstCommit.Task;
        var first = service.AllocateAsync("o1", "LAMP", 1);
        Uow.BeforeCommit = null;
        var queued = Enumerable.Range(2, 3).Select(i => service.AllocateAsync($"o{i}", "LAMP", 1)).ToList();

        _firstCommit.SetResult();
        await Task.WhenAll(queued.Prepend(first));

        (Uow.Created - 2).Should().Be(4);
    }

    [Test]
    public async Task Allocations_in_other_lanes_do_not_wait_for_each_other()
    {
        await Service.AddBatchAsync("other", "TABLE", 10, null);
        UseCases.AllocationScheduler.LaneOf("TABLE", 8).Should().NotBe(UseCases.AllocationScheduler.LaneOf("LAMP", 8), "the test needs two lanes");
        var service = WithLanes(8);
        Uow.BeforeCommit = () => _firstCommit.Task;
        var held = service.AllocateAsync("o1", "LAMP", 1);
        Uow.BeforeCommit = null;

        var other = await service.AllocateAsync("o1", "TABLE", 1).WaitAsync(TimeSpan.FromSeconds(5));

        other.BatchReference.Should().Be("other");
        held.IsCompleted.Should().BeFalse();
        _firstCommit.SetResult();
        (await held).BatchReference.Should().Be("warehouse");
    }

    [Test]
    public async Task In_one_lane_allocations_of_several_products_share_a_unit_of_work_and_load_each_product_once()
    {
        await Service.AddBatchAsync("other", "TABLE", 10, null);
        var service = WithLanes(1);
        Uow.BeforeCommit = () => _firstCommit.Task;
        var first = service.AllocateAsync("o1", "LAMP", 1);
        Uow.BeforeCommit = null;
        var created = Uow.Created;
        var loads = Uow.Repository.LoadsAskedFor.Count;
        var queued = new[]
        {
            service.AllocateAsync("o2", "TABLE", 1), service.AllocateAsync("o3", "LAMP", 1),
            service.AllocateAsync("o4", "NOSUCH", 1), service.AllocateAsync("o5", "TABLE", 1),
        };

        _firstCommit.SetResult();
        await first;

        (await queued[0]).BatchReference.Should().Be("other");
        (await queued[1]).BatchReference.Should().Be("warehouse");
        await FluentActions.Awaiting(() => queued[2]).Should().ThrowAsync<InvalidSkuException>("an unknown SKU fails its own line only");
        (await queued[3]).BatchReference.Should().Be("other");
        (Uow.Created - created).Should().Be(1);
        Uow.Repository.LoadsAskedFor.Skip(loads).Should().Equal(
            LinesToLoad.ForOrders(["o3"]), LinesToLoad.ForOrders(["o4"]), LinesToLoad.ForOrders(["o2", "o5"]));
    }
}
