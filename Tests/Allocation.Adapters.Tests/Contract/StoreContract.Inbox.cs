using Allocation.Application.Commands;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Tests;

/// <summary>The inbox: a message's id commits with the change it made, so a repeat changes nothing.</summary>
public abstract partial class StoreContract
{
    [Test]
    public async Task A_message_recorded_by_a_committed_unit_of_work_is_refused_afterwards()
    {
        await using (var first = Store.UnitsOfWork.Create())
        {
            (await first.TryRecordMessageAsync("m-1")).Should().BeTrue();
            await first.CommitAsync();
        }

        await using var second = Store.UnitsOfWork.Create();
        (await second.TryRecordMessageAsync("m-1")).Should().BeFalse();
        (await second.TryRecordMessageAsync("m-2")).Should().BeTrue();
    }

    [Test]
    public async Task A_message_recorded_by_a_unit_of_work_that_did_not_commit_is_not_remembered()
    {
        await using (var abandoned = Store.UnitsOfWork.Create())
        {
            (await abandoned.TryRecordMessageAsync("m-1")).Should().BeTrue();
        }

        await using var next = Store.UnitsOfWork.Create();
        (await next.TryRecordMessageAsync("m-1")).Should().BeTrue();
    }

    [Test]
    public async Task The_same_message_handled_concurrently_changes_the_store_once()
    {
        await Service.AddBatchAsync("b1", "LAMP", 100, null);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Service.Commands.InvokeAsync(new ChangeBatchQuantity("b1", 50 + i, MessageId: "m-1"))));

        results.Count(change => change is not null).Should().Be(1);
        var winner = results.Single(change => change is not null)!;
        (await Store.Queries.BatchAsync("b1"))!.PurchasedQuantity.Should().Be(winner.NewQuantity);
        (await ReadAllEventsAsync()).Count(e => e.Type == "BatchQuantityChanged").Should().Be(1);
    }

    [Test]
    public async Task Trimming_the_inbox_forgets_only_ids_recorded_before_the_cutoff_a_chunk_at_a_time()
    {
        foreach (var id in new[] { "m-1", "m-2", "m-3" })
        {
            await using var unitOfWork = Store.UnitsOfWork.Create();
            (await unitOfWork.TryRecordMessageAsync(id)).Should().BeTrue();
            await unitOfWork.CommitAsync();
        }

        (await Store.Inbox.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(-1), 100)).Should().Be(0, "nothing is old yet");
        (await Store.Inbox.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), 2)).Should().Be(2, "two at most");
        (await Store.Inbox.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100)).Should().Be(1);

        await using var next = Store.UnitsOfWork.Create();
        (await next.TryRecordMessageAsync("m-1")).Should().BeTrue("a forgotten id is new again");
    }
}
