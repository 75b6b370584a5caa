using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Tests;

/// <summary>
/// Per-SKU order is commit order: when a unit of work changes a SKU after another one changed it,
/// every event it logs stands after every event of the other, whatever it held or wrote before it
/// reached that SKU. Each test interleaves two units of work step by step.
/// </summary>
public abstract partial class StoreContract
{
    [Test]
    public async Task A_unit_of_work_that_held_one_sku_and_then_changed_another_logs_after_the_change_it_waited_for()
    {
        await SeedAsync("A", ("a1", 10, null));
        await SeedAsync("B", ("b1", 10, null));
        await using (var holder = Store.UnitsOfWork.Create())
        {
            // The holder takes SKU A first, as a coalesced unit of work does when it locks SKUs one after another.
            var a = await holder.Products.GetAsync("A", LinesToLoad.ForOrder("holder"));
            var other = ChangeAsync("B", "other");
            if (!Store.OneWriterAtATime)
            {
                await other; // B is free: the other writer changes it and commits while the holder still holds A
            }

            var b = await holder.Products.GetAsync("B", LinesToLoad.ForOrder("holder"));
            a!.Allocate(new OrderLine("holder", "A", 1));
            b!.Allocate(new OrderLine("holder", "B", 1));
            await holder.CommitAsync();
            await other; // with one writer at a time, the other one waited for the holder's turn to end
        }

        (await AllocatedOrdersOfAsync("B")).Should().Equal(CommitOrder("holder"), "the log lists B's changes in the order they committed");
    }

    [Test]
    public async Task A_unit_of_work_that_recorded_a_message_before_it_waited_logs_after_the_change_it_waited_for()
    {
        await SeedAsync("B", ("b1", 10, null));
        await using (var handler = Store.UnitsOfWork.Create())
        {
            // The inbound consumer records the message's id first, then loads the batch's product.
            (await handler.TryRecordMessageAsync("m-1")).Should().BeTrue();
            var other = ChangeAsync("B", "other");
            if (!Store.OneWriterAtATime)
            {
                await other;
            }

            var b = await handler.Products.GetAsync("B", LinesToLoad.ForOrder("handler"));
            b!.Allocate(new OrderLine("handler", "B", 1));
            await handler.CommitAsync();
            await other;
        }

        (await AllocatedOrdersOfAsync("B")).Should().Equal(CommitOrder("handler"), "the log lists B's changes in the order they committed");
    }

    /// <summary>Allocates one unit of <paramref name="sku"/> to <paramref name="orderId"/> in a unit of work of its own.</summary>
    private async Task ChangeAsync(string sku, string orderId)
    {
        await Task.Yield();
        await AllocateAsync(orderId, sku, 1);
    }

    /// <summary>
    /// The order in which B's two changes reached it: the other writer first, since it found B free;
    /// where one writer at a time holds the whole store, it could not start before the waiter's turn ended.
    /// </summary>
    private List<string> CommitOrder(string waiter) => Store.OneWriterAtATime ? [waiter, "other"] : ["other", waiter];

    /// <summary>The orders of the <c>Allocated</c> events of <paramref name="sku"/>, in log order.</summary>
    private async Task<List<string>> AllocatedOrdersOfAsync(string sku) =>
        [.. (await ReadAllEventsAsync()).Where(e => e.Sku == sku && e.Type == nameof(Allocated)).Select(e => ((Allocated)e.ToDomainEvent()!).OrderId)];

    [Test]
    public async Task A_commit_of_thousands_of_events_takes_as_many_positions_in_order_below_the_next_commit()
    {
        // No cap on the events of one commit (ADR 0015): one quantity change can take back any number of lines.
        const int Lines = 3_000;
        await SeedAsync("BULK", ("bulk-1", Lines, null));
        await using (var uow = Store.UnitsOfWork.Create())
        {
            var product = await uow.Products.GetAsync("BULK", LinesToLoad.All);
            for (var i = 0; i < Lines; i++)
            {
                product!.Allocate(new OrderLine($"o{i}", "BULK", 1));
            }

            await uow.CommitAsync();
        }

        await Service.ChangeBatchQuantityAsync("bulk-1", 0);
        await SeedAsync("BULK", ("bulk-2", 1, null));

        var events = await ReadAllEventsAsync();
        events.Select(e => e.Position).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        var types = events.Select(e => e.Type).ToList();
        types.Count(t => t == nameof(Allocated)).Should().Be(Lines);
        types.Count(t => t == nameof(AllocationLost)).Should().Be(Lines);
        types.LastIndexOf(nameof(Allocated)).Should().BeLessThan(types.IndexOf(nameof(AllocationLost)), "the allocations committed first");
        types[^1].Should().Be(nameof(BatchAdded), "the next commit lands above both");
    }
}
