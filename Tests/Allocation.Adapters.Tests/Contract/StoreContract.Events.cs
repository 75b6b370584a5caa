using Allocation.Domain.Errors;
using Allocation.Application;
using Allocation.Application.Errors;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Tests;

/// <summary>The event log: every committed change has its events, in order; nothing rolled back is ever seen.</summary>
public abstract partial class StoreContract
{
    private AllocationService Service => new(Store.UnitsOfWork, Store.Queries);

    [Test]
    public async Task Logs_an_allocation_a_deallocation_a_move_and_an_out_of_stock_in_order()
    {
        await Service.AddBatchAsync("early", "LAMP", 10, null);
        await Service.AddBatchAsync("late", "LAMP", 10, Today);
        await Service.AllocateAsync("o1", "LAMP", 4);
        await Service.AllocateAsync("o2", "LAMP", 4);
        await Service.DeallocateAsync("o1", "LAMP");
        await Service.ChangeBatchQuantityAsync("early", 2); // o2 (4) no longer fits: it moves to "late"
        var refused = () => Service.AllocateAsync("o3", "LAMP", 50);
        await refused.Should().ThrowAsync<OutOfStockException>();

        var logged = await ReadAllEventsAsync();

        logged.Select(e => e.ToDomainEvent()).Should().Equal(
            new BatchAdded("early", "LAMP", 10, null),
            new BatchAdded("late", "LAMP", 10, Today),
            new Allocated("o1", "LAMP", 4, "early"),
            new Allocated("o2", "LAMP", 4, "early"),
            new Deallocated("o1", "LAMP", 4, "early"),
            new BatchQuantityChanged("early", "LAMP", 10, 2),
            new Deallocated("o2", "LAMP", 4, "early", TakenBack: true),
            new Allocated("o2", "LAMP", 4, "late"),
            new OutOfStock("LAMP"));
        logged.Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        logged.Should().OnlyContain(e => e.Sku == "LAMP" && e.OccurredAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        logged[2].Type.Should().Be("Allocated");
        logged[2].Data.Should().Be("""{"orderid":"o1","sku":"LAMP","qty":4,"batchref":"early"}""");
        logged[4].Data.Should().Be("""{"orderid":"o1","sku":"LAMP","qty":4,"batchref":"early","takenback":false}""");
        logged[6].Data.Should().Be("""{"orderid":"o2","sku":"LAMP","qty":4,"batchref":"early","takenback":true}""");
        (await Store.Queries.ProductAsync("LAMP"))!.VersionNumber.Should().Be(6, "the refusal stored its event without changing the product");
    }

    [Test]
    public async Task Logs_a_line_that_lost_its_stock()
    {
        await Service.AddBatchAsync("only", "LAMP", 10, null);
        await Service.AllocateAsync("o1", "LAMP", 6);

        await Service.ChangeBatchQuantityAsync("only", 5);

        (await ReadAllEventsAsync()).Skip(2).Select(e => e.ToDomainEvent()).Should().Equal(
            new BatchQuantityChanged("only", "LAMP", 10, 5),
            new Deallocated("o1", "LAMP", 6, "only", TakenBack: true),
            new AllocationLost("o1", "LAMP", 6, "only"),
            new OutOfStock("LAMP"));
        (await Store.Queries.BatchAsync("only"))!.AllocatedQuantity.Should().Be(0);
    }

    [Test]
    public async Task A_change_that_is_not_committed_leaves_no_event()
    {
        await SeedAsync("SKU", ("b1", 10, null));
        var before = await ReadAllEventsAsync();

        await using (var uow = Store.UnitsOfWork.Create())
        {
            (await uow.Products.GetAsync("SKU", LinesToLoad.None))!.Allocate(new OrderLine("o1", "SKU", 5));
        }

        (await ReadAllEventsAsync()).Should().Equal(before);
    }

    [Test]
    public async Task A_commit_refused_for_a_conflict_leaves_no_event()
    {
        await SeedAsync("SKU", ("b1", 10, null));
        var before = await ReadAllEventsAsync();
        await using var stale = Store.UnlockedUnitsOfWork.Create();
        var product = await stale.Products.GetAsync("SKU", LinesToLoad.None);
        await AllocateAsync("o1", "SKU", 1);

        product!.Allocate(new OrderLine("o2", "SKU", 1));
        var commit = () => stale.CommitAsync();

        await commit.Should().ThrowAsync<ConcurrencyConflictException>();
        (await ReadAllEventsAsync()).Skip(before.Count).Select(e => e.ToDomainEvent()).Should().Equal(new Allocated("o1", "SKU", 1, "b1"));
    }

    [Test]
    public async Task A_commit_refused_for_a_duplicate_batch_leaves_no_event()
    {
        await SeedAsync("ONE", ("b1", 10, null));
        var before = await ReadAllEventsAsync();

        var act = () => Service.AddBatchAsync("b1", "OTHER", 5, null);

        await act.Should().ThrowAsync<DuplicateBatchException>();
        (await ReadAllEventsAsync()).Should().Equal(before);
    }

    [Test]
    public async Task Concurrent_allocations_log_exactly_one_event_per_success_in_version_order()
    {
        await SeedAsync("HOT", ("b1", 30, null));
        await SeedAsync("COLD", ("c1", 30, null));

        var attempts = Enumerable.Range(0, 48).Select(async i =>
        {
            try
            {
                await Service.AllocateAsync($"o{i}", i % 2 == 0 ? "HOT" : "COLD", 1);
                return true;
            }
            catch (OutOfStockException)
            {
                return false;
            }
        });
        var succeeded = (await Task.WhenAll(attempts)).Count(ok => ok);

        var allocated = (await ReadAllEventsAsync()).Where(e => e.Type == "Allocated").ToList();
        succeeded.Should().Be(48);
        allocated.Should().HaveCount(48);
        allocated.Select(e => ((Allocated)e.ToDomainEvent()!).OrderId).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task Reads_page_by_page_after_a_position()
    {
        await SeedAsync("SKU", ("b1", 10, null), ("b2", 10, null), ("b3", 10, null));
        var all = await ReadAllEventsAsync();

        var first = await Store.Events.ReadAsync(0, 2);
        var rest = await Store.Events.ReadAsync(first[^1].Position, 10);

        first.Concat(rest).Should().Equal(all);
        (await Store.Events.ReadAsync(all[^1].Position, 10)).Should().BeEmpty();
    }

    [Test]
    public async Task Lag_counts_the_events_after_a_position_up_to_a_limit_and_dates_the_oldest()
    {
        (await Store.Events.LagAsync(0, 100)).Should().Be(new EventLag(0, null));
        await SeedAsync("SKU", ("b1", 10, null), ("b2", 10, null));
        await SeedAsync("SKU", ("b3", 10, null));
        var all = await ReadAllEventsAsync();

        (await Store.Events.LagAsync(0, 100)).Should().Be(new EventLag(3, all[0].OccurredAt));
        (await Store.Events.LagAsync(all[0].Position, 100)).Should().Be(new EventLag(2, all[1].OccurredAt), "positions need not be consecutive, the count is of events");
        (await Store.Events.LagAsync(0, 2)).Events.Should().Be(2, "counting stops at the limit");
        (await Store.Events.LagAsync(all[^1].Position, 100)).Should().Be(new EventLag(0, null));
        (await Store.Events.HoldBackAsync()).Should().BeLessThan(TimeSpan.FromSeconds(10), "nothing holds readers back for long here");
    }

    [Test]
    public async Task Trimming_deletes_only_old_events_up_to_a_position()
    {
        await SeedAsync("SKU", ("b1", 10, null), ("b2", 10, null));
        await SeedAsync("SKU", ("b3", 10, null));
        var all = await ReadAllEventsAsync();

        (await Store.Events.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(-1), long.MaxValue, 100)).Should().Be(0, "nothing is old yet");
        (await Store.Events.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), all[1].Position, 1)).Should().Be(1, "one at most");
        (await Store.Events.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), all[1].Position, 100)).Should().Be(1);

        (await ReadAllEventsAsync()).Should().Equal(all[2]);
        (await Store.Events.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), long.MaxValue, 100)).Should().Be(0, "the newest event always stays");
        await SeedAsync("SKU", ("b4", 10, null));
        (await ReadAllEventsAsync()).Last().Position.Should().BeGreaterThan(all[2].Position, "a position is never handed out again");
    }

    [Test]
    public async Task A_cursor_behind_what_retention_deleted_is_refused_never_skipped()
    {
        await SeedAsync("SKU", ("b1", 10, null), ("b2", 10, null), ("b3", 10, null));
        var all = await ReadAllEventsAsync();
        (await Store.Events.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), all[1].Position, 100)).Should().Be(2);

        var read = () => Store.Events.ReadAsync(all[0].Position, 10);
        var refused = (await read.Should().ThrowAsync<EventsTrimmedException>()).Which;
        refused.Code.Should().Be("events-trimmed");
        (refused.After, refused.TrimmedThrough, refused.OldestKept).Should().Be((all[0].Position, all[1].Position, all[2].Position));
        (await Store.Events.LagAsync(all[0].Position, 10)).TrimmedThrough.Should().Be(all[1].Position, "the lag says so too");

        (await Store.Events.ReadAsync(all[1].Position, 10)).Should().Equal(all[2]);
        (await Store.Events.ReadAsync(0, 10)).Should().Equal([all[2]], "0 means from the oldest event kept");
        (await Store.Events.LagAsync(all[1].Position, 10)).TrimmedThrough.Should().BeNull("nothing it has not read is gone");
        (await Store.Events.LagAsync(0, 10)).TrimmedThrough.Should().BeNull();
    }

    /// <summary>
    /// Every committed event, read through the log. On PostgreSQL an event is readable only once
    /// no transaction that started writing before it is still running, in any database of the
    /// cluster (other test processes share it): wait, briefly, until the log has caught up.
    /// </summary>
    private async Task<List<LoggedEvent>> ReadAllEventsAsync()
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (true)
        {
            var committed = await Store.CountEventRowsAsync();
            var events = new List<LoggedEvent>();
            while (await Store.Events.ReadAsync(events.Count == 0 ? 0 : events[^1].Position, 100) is { Count: > 0 } page)
            {
                events.AddRange(page);
            }

            if (events.Count >= committed || DateTimeOffset.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(20);
        }
    }
}
