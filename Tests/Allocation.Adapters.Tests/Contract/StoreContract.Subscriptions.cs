using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using System.Collections.Concurrent;
using Allocation.Application;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Allocation.Adapters.Tests;

/// <summary>Subscribers: every committed event reaches each of them at least once, in order; failures are retried, then parked.</summary>
public abstract partial class StoreContract
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Delivers_every_committed_event_to_each_subscriber_in_order_and_remembers_where_it_stopped()
    {
        var shipping = new ConcurrentQueue<string>();
        var audit = new ConcurrentQueue<string>();
        await using var provider = Provider(a => a
            .OnEvent<Allocated>("shipping", (e, _) => Record(shipping, $"{e.OrderId}>{e.BatchReference}"))
            .OnEvent<BatchAdded>("audit", (e, _) => Record(audit, $"+{e.Reference}"))
            .OnEvent<Allocated>("audit", (e, _) => Record(audit, $"{e.OrderId}")));
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        await Service.AddBatchAsync("b1", "LAMP", 10, null);
        await Service.AllocateAsync("o1", "LAMP", 1);
        await Service.AllocateAsync("o2", "LAMP", 1);

        await dispatcher.DispatchPendingAsync();
        await dispatcher.DispatchPendingAsync();
        await Service.AllocateAsync("o3", "LAMP", 1);
        await dispatcher.DispatchPendingAsync();

        shipping.Should().Equal("o1>b1", "o2>b1", "o3>b1");
        audit.Should().Equal("+b1", "o1", "o2", "o3");
        var last = (await ReadAllEventsAsync())[^1].Position;
        (await Store.Subscriptions.ListAsync()).Select(s => (s.Subscriber, s.Position)).Should().Equal(("audit", last), ("shipping", last));
    }

    [Test]
    public async Task Retries_a_failing_event_then_parks_it_and_goes_on_and_replays_it_on_request()
    {
        var attempts = 0;
        var failing = true;
        var handled = new ConcurrentQueue<string>();
        await using var provider = Provider(
            a => a.OnEvent<Allocated>("flaky", (e, context, _) =>
            {
                if (e.OrderId == "bad" && failing)
                {
                    Interlocked.Increment(ref attempts);
                    throw new InvalidOperationException("the warehouse system is down");
                }

                return Record(handled, $"{e.OrderId}#{context.Attempt}");
            }),
            o => o.MaxAttempts = 3);
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        await Service.AddBatchAsync("b1", "LAMP", 10, null);
        await Service.AllocateAsync("bad", "LAMP", 1);
        await Service.AllocateAsync("good", "LAMP", 1);

        await dispatcher.DispatchPendingAsync();

        attempts.Should().Be(3);
        handled.Should().Equal("good#1");
        var parked = (await Store.Subscriptions.ParkedAsync("flaky")).Should().ContainSingle().Subject;
        parked.Attempts.Should().Be(3);
        parked.Error.Should().Be("InvalidOperationException: the warehouse system is down");
        parked.Event.Type.Should().Be("Allocated");
        parked.ReplayRequested.Should().BeFalse();

        failing = false;
        (await Store.Subscriptions.RequestReplayAsync("flaky", parked.Event.Position)).Should().BeTrue();
        (await Store.Subscriptions.RequestReplayAsync("flaky", 999_999)).Should().BeFalse();
        await dispatcher.DispatchPendingAsync();

        handled.Should().Equal("good#1", "bad#4");
        (await Store.Subscriptions.ParkedAsync(null)).Should().BeEmpty();
    }

    [Test]
    public async Task A_batch_subscriber_gets_every_event_in_order_and_a_failed_batch_again_until_it_succeeds()
    {
        var failures = 2;
        var relayed = new ConcurrentQueue<long>();
        await using var provider = Provider(a => a.OnEventPages("relay", (batch, _, _) =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
            {
                throw new InvalidOperationException("the broker is down");
            }

            foreach (var logged in batch)
            {
                relayed.Enqueue(logged.Position);
            }

            return Task.CompletedTask;
        }));
        await Service.AddBatchAsync("b1", "LAMP", 10, null);
        await Service.AllocateAsync("o1", "LAMP", 1);

        await provider.GetRequiredService<EventDispatcher>().DispatchPendingAsync();

        relayed.Should().Equal((await ReadAllEventsAsync()).Select(e => e.Position));
        (await Store.Subscriptions.ParkedAsync("relay")).Should().BeEmpty("a batch subscriber is retried, never parked");
    }

    [Test]
    public async Task A_subscriber_is_added_at_a_position_once_and_never_moved_back_by_a_second_add()
    {
        var subscriptions = Store.Subscriptions;

        (await subscriptions.TryAddAsync("mail", 42, Noon)).Should().BeTrue();
        (await subscriptions.TryAddAsync("mail", 7, Noon)).Should().BeFalse("it exists already");

        (await subscriptions.TryLeaseAsync("mail", "host-a", Noon, Noon.AddSeconds(30))).Should().Be(42, "it starts where it was added");
        (await subscriptions.AdvanceAsync("mail", "host-a", 50, Noon, Noon.AddSeconds(30))).Should().BeTrue();
        (await subscriptions.TryAddAsync("mail", 0, Noon)).Should().BeFalse();
        (await subscriptions.ListAsync()).Single(s => s.Subscriber == "mail").Position.Should().Be(50);
    }

    [Test]
    public async Task A_subscriber_behind_what_retention_deleted_stops_until_an_operator_skips_the_gap()
    {
        var handled = new ConcurrentQueue<string>();
        await using var provider = Provider(a => a.OnEvent<BatchAdded>("shipping", (e, _) => Record(handled, e.Reference)));
        var dispatcher = provider.GetRequiredService<EventDispatcher>();
        await SeedAsync("SKU", ("b1", 10, null), ("b2", 10, null), ("b3", 10, null));
        var all = await ReadAllEventsAsync();
        (await Store.Subscriptions.TryAddAsync("shipping", all[0].Position, Noon)).Should().BeTrue("it read b1, then went quiet");
        await Store.Events.TrimAsync(DateTimeOffset.UtcNow.AddMinutes(1), all[1].Position, 100);

        await dispatcher.DispatchPendingAsync();

        handled.Should().BeEmpty("b2 is gone: going on from b3 would skip it in silence");
        (await Store.Subscriptions.ListAsync()).Single().Position.Should().Be(all[0].Position);
        (await Store.Events.LagAsync(all[0].Position, 10)).TrimmedThrough.Should().Be(all[1].Position);

        (await Store.Subscriptions.SkipAsync("shipping", all[1].Position, all[2].Position, Noon)).Should().BeFalse("not where the operator saw it");
        (await Store.Subscriptions.SkipAsync("nobody", all[0].Position, all[1].Position, Noon)).Should().BeFalse();
        (await Store.Subscriptions.SkipAsync("shipping", all[0].Position, all[1].Position, Noon)).Should().BeTrue();
        await dispatcher.DispatchPendingAsync();

        handled.Should().Equal("b3");
        (await Store.Subscriptions.ListAsync()).Single().Position.Should().Be(all[2].Position);
    }

    [Test]
    public async Task The_newest_position_is_that_of_the_last_committed_event()
    {
        (await Store.Events.NewestPositionAsync()).Should().Be(0, "the log is empty");
        await SeedAsync("SKU", ("b1", 10, null), ("b2", 10, null));

        (await Store.Events.NewestPositionAsync()).Should().Be((await ReadAllEventsAsync())[^1].Position);
    }

    [Test]
    public async Task Only_the_holder_of_a_subscribers_lease_moves_its_checkpoint()
    {
        var subscriptions = Store.Subscriptions;

        (await subscriptions.TryLeaseAsync("s", "host-a", Noon, Noon.AddSeconds(30))).Should().Be(0);
        (await subscriptions.TryLeaseAsync("s", "host-b", Noon.AddSeconds(1), Noon.AddSeconds(31))).Should().BeNull("host-a holds it");
        (await subscriptions.AdvanceAsync("s", "host-b", 5, Noon.AddSeconds(1), Noon.AddSeconds(31))).Should().BeFalse();
        (await subscriptions.AdvanceAsync("s", "host-a", 5, Noon.AddSeconds(2), Noon.AddSeconds(32))).Should().BeTrue();
        (await subscriptions.TryLeaseAsync("s", "host-b", Noon.AddSeconds(40), Noon.AddSeconds(70))).Should().Be(5, "host-a's lease lapsed");
        (await subscriptions.AdvanceAsync("s", "host-a", 6, Noon.AddSeconds(41), Noon.AddSeconds(71))).Should().BeFalse("host-a lost it");
        await subscriptions.ReleaseAsync("s", "host-b");
        (await subscriptions.TryLeaseAsync("s", "host-a", Noon.AddSeconds(42), Noon.AddSeconds(72))).Should().Be(5, "host-b released it");

        var state = (await subscriptions.ListAsync()).Should().ContainSingle().Subject;
        state.Should().BeEquivalentTo(new { Subscriber = "s", Position = 5L, Owner = "host-a", LeaseUntil = (DateTimeOffset?)Noon.AddSeconds(72) });
    }

    [Test]
    public async Task Parked_events_can_be_listed_replayed_and_deleted()
    {
        var logged = new LoggedEvent(42, "OutOfStock", "LAMP", Noon, """{"sku":"LAMP"}""");
        await Store.Subscriptions.ParkAsync(new ParkedEvent("mail", logged, 5, "SmtpException: refused", Noon, ReplayRequested: false));
        await Store.Subscriptions.ParkAsync(new ParkedEvent("mail", logged, 6, "SmtpException: refused again", Noon.AddMinutes(1), ReplayRequested: false));

        var parked = (await Store.Subscriptions.ParkedAsync(null)).Should().ContainSingle().Subject;
        parked.Should().Be(new ParkedEvent("mail", logged, 6, "SmtpException: refused again", Noon.AddMinutes(1), ReplayRequested: false));
        (await Store.Subscriptions.ParkedAsync("other")).Should().BeEmpty();
        (await Store.Subscriptions.RequestReplayAsync("mail", 42)).Should().BeTrue();
        (await Store.Subscriptions.ParkedAsync("mail")).Single().ReplayRequested.Should().BeTrue();
        (await Store.Subscriptions.DeleteParkedAsync("mail", 42)).Should().BeTrue();
        (await Store.Subscriptions.DeleteParkedAsync("mail", 42)).Should().BeFalse();
    }

    [Test]
    public async Task Lists_how_many_events_each_subscriber_has_parked()
    {
        var subscriptions = Store.Subscriptions;
        foreach (var name in new[] { "audit", "mail" })
        {
            await subscriptions.TryLeaseAsync(name, "host-a", Noon, Noon.AddSeconds(30));
        }

        foreach (var position in new long[] { 7, 8 })
        {
            var logged = new LoggedEvent(position, "OutOfStock", "LAMP", Noon, """{"sku":"LAMP"}""");
            await subscriptions.ParkAsync(new ParkedEvent("mail", logged, 5, "SmtpException: refused", Noon, ReplayRequested: false));
        }

        (await subscriptions.ListAsync()).Select(s => (s.Subscriber, s.Parked)).Should().Equal(("audit", 0), ("mail", 2));
    }

    [Test]
    public async Task The_hosted_dispatcher_delivers_a_commit_at_once_without_waiting_for_its_poll()
    {
        var delivered = new TaskCompletionSource<Allocated>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var provider = Provider(
            a => a.OnEvent<Allocated>("fast", (e, _) =>
            {
                delivered.TrySetResult(e);
                return Task.CompletedTask;
            }),
            o => o.PollInterval = TimeSpan.FromMinutes(5));
        var host = provider.GetServices<IHostedService>().OfType<EventDispatcher>().Single();
        await Service.AddBatchAsync("b1", "LAMP", 10, null);
        await host.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(100); // let it lease and find nothing
            await Service.AllocateAsync("o1", "LAMP", 1);

            (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(new Allocated("o1", "LAMP", 1, "b1"));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }

        (await Store.Subscriptions.ListAsync()).Single().Owner.Should().BeNull("a stopping host releases its lease");
    }

    [Test]
    public async Task Two_dispatchers_on_one_store_deliver_each_event_once_in_steady_state()
    {
        var seen = new ConcurrentQueue<string>();
        Action<AllocationBuilder> subscribe = a => a.OnEvent<Allocated>("once", (e, _) => Record(seen, e.OrderId));
        await using var first = Provider(subscribe);
        await using var second = Provider(subscribe);
        await Service.AddBatchAsync("b1", "LAMP", 100, null);
        var hosts = new[] { first, second }.Select(p => p.GetRequiredService<EventDispatcher>()).ToList();
        foreach (var host in hosts)
        {
            await host.StartAsync(CancellationToken.None);
        }

        try
        {
            for (var i = 0; i < 20; i++)
            {
                await Service.AllocateAsync($"o{i}", "LAMP", 1);
            }

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (seen.Count < 20 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync(CancellationToken.None);
            }
        }

        seen.Should().Equal(Enumerable.Range(0, 20).Select(i => $"o{i}"));
    }

    private ServiceProvider Provider(Action<AllocationBuilder> subscribe, Action<EventsOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        services?.Invoke(collection);
        collection
            .AddLogging()
            .AddSingleton(Store.UnitsOfWork)
            .AddSingleton(Store.Queries)
            .AddSingleton(Store.Events)
            .AddSingleton(Store.Subscriptions)
            .AddSingleton(Store.Notices)
            .AddSingleton(Store.Committed)
            .AddAllocation(subscribe);
        collection.Configure<EventsOptions>(o =>
        {
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            configure?.Invoke(o);
        });
        return collection.BuildServiceProvider();
    }

    private static Task Record(ConcurrentQueue<string> seen, string what)
    {
        seen.Enqueue(what);
        return Task.CompletedTask;
    }
}
