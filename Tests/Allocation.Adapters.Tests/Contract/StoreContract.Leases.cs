using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using System.Collections.Concurrent;
using Allocation.Application;
using Allocation.Application.Events;
using Allocation.Domain.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Adapters.Tests;

/// <summary>
/// A subscriber's lease holds while a slow handler works, lost leases are renewed by nobody, and a
/// host that stops gracefully checkpoints what it handled, so the next host repeats nothing.
/// </summary>
public abstract partial class StoreContract
{
    [Test]
    public async Task Renewing_a_lease_keeps_it_and_moves_no_checkpoint_and_a_lease_taken_over_is_not_renewed()
    {
        var subscriptions = Store.Subscriptions;
        await subscriptions.TryLeaseAsync("s", "host-a", Noon, Noon.AddSeconds(30));
        await subscriptions.AdvanceAsync("s", "host-a", 5, Noon, Noon.AddSeconds(30));

        (await subscriptions.RenewAsync("s", "host-a", Noon.AddSeconds(20), Noon.AddSeconds(50))).Should().BeTrue();
        (await subscriptions.TryLeaseAsync("s", "host-b", Noon.AddSeconds(40), Noon.AddSeconds(70))).Should().BeNull("the renewal holds it until 50 s");
        (await subscriptions.RenewAsync("s", "host-b", Noon.AddSeconds(40), Noon.AddSeconds(70))).Should().BeFalse("host-b never held it");
        (await subscriptions.TryLeaseAsync("s", "host-b", Noon.AddSeconds(51), Noon.AddSeconds(81))).Should().Be(5, "it lapsed, with the checkpoint unmoved");
        (await subscriptions.RenewAsync("s", "host-a", Noon.AddSeconds(52), Noon.AddSeconds(82))).Should().BeFalse("host-b took it over");
        await subscriptions.ReleaseAsync("s", "host-b");
        (await subscriptions.RenewAsync("s", "host-b", Noon.AddSeconds(53), Noon.AddSeconds(83))).Should().BeFalse("a released lease is taken again, not renewed");
    }

    [Test]
    public async Task Two_dispatchers_with_a_handler_slower_than_the_lease_deliver_each_event_once_in_order()
    {
        var seen = new ConcurrentQueue<string>();
        var inHand = 0;
        var overlaps = 0;
        Action<AllocationBuilder> subscribe = a => a.OnEvent<Allocated>("slow", async (e, ct) =>
        {
            if (Interlocked.Increment(ref inHand) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1.4), ct); // longer than the lease
                seen.Enqueue(e.OrderId);
            }
            finally
            {
                Interlocked.Decrement(ref inHand);
            }
        });
        Action<EventsOptions> oneSecondLease = o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(1);
            o.CheckpointInterval = TimeSpan.Zero;
        };
        await Service.AddBatchAsync("b1", "LAMP", 100, null);
        for (var i = 0; i < 3; i++)
        {
            await Service.AllocateAsync($"o{i}", "LAMP", 1);
        }

        await using var first = Provider(subscribe, oneSecondLease);
        await using var second = Provider(subscribe, oneSecondLease);
        var hosts = new[] { first, second }.Select(p => p.GetRequiredService<EventDispatcher>()).ToList();
        foreach (var host in hosts)
        {
            await host.StartAsync(CancellationToken.None);
        }

        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (seen.Count < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5)); // room for a duplicate to show
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
            }
        }

        seen.Should().Equal("o0", "o1", "o2");
        overlaps.Should().Be(0, "one host at a time holds the subscriber");
    }

    [Test]
    public async Task A_dispatcher_stopped_in_the_middle_of_a_batch_checkpoints_what_it_handled_so_the_next_repeats_nothing()
    {
        var seen = new ConcurrentQueue<string>();
        var stopAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Action<AllocationBuilder> subscribe = a => a.OnEvent<Allocated>("audit", async (e, ct) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            seen.Enqueue(e.OrderId);
            if (seen.Count == 3)
            {
                stopAsked.TrySetResult();
            }
        });
        Action<EventsOptions> noCheckpointWithinBatches = o => o.CheckpointInterval = o.LeaseDuration;
        await Service.AddBatchAsync("b1", "LAMP", 100, null);
        for (var i = 0; i < 10; i++)
        {
            await Service.AllocateAsync($"o{i}", "LAMP", 1);
        }

        await using (var first = Provider(subscribe, noCheckpointWithinBatches))
        {
            var host = first.GetRequiredService<EventDispatcher>();
            await host.StartAsync(CancellationToken.None);
            await stopAsked.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await host.StopAsync(CancellationToken.None); // in the middle of the one batch of ten
        }

        var handledBeforeStop = seen.Count;
        await using (var second = Provider(subscribe, noCheckpointWithinBatches))
        {
            await second.GetRequiredService<EventDispatcher>().DispatchPendingAsync();
        }

        handledBeforeStop.Should().BeInRange(3, 9, "the stop came in the middle of the batch");
        seen.Should().Equal(Enumerable.Range(0, 10).Select(i => $"o{i}"), "no event is handled twice, and none is lost");
    }
}
