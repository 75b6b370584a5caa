using Microsoft.Extensions.Options;
using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using System.Diagnostics;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Allocation.Application.Tests;

/// <summary>
/// A subscriber's lease is kept by a heartbeat while its handler works, and a handler whose lease
/// is lost, or whose host is stopping, is stopped without a checkpoint written for what it did not finish.
/// </summary>
public sealed class SubscriberLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    private IEventLog _log = null!;
    private ISubscriptionStore _subscriptions = null!;

    [SetUp]
    public void HoldTwoEvents()
    {
        _log = Substitute.For<IEventLog>();
        _subscriptions = Substitute.For<ISubscriptionStore>();
        _subscriptions.TryLeaseAsync("audit", "host-a", Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(0L);
        _subscriptions.AdvanceAsync("audit", "host-a", Arg.Any<long>(), Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(true);
        _log.ReadAsync(0, Arg.Any<int>(), Arg.Any<CancellationToken>()).Returns([Logged(1, "o1"), Logged(2, "o2")]);
    }

    [Test]
    public async Task The_lease_is_renewed_while_a_handler_slower_than_the_lease_works()
    {
        _subscriptions.RenewAsync("audit", "host-a", Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(true);
        var handled = new List<string>();

        await Loop(async (e, ct) =>
        {
            await Task.Delay(Lease * 1.5, ct);
            handled.Add(e.OrderId);
        }).PassAsync(CancellationToken.None);

        handled.Should().Equal("o1", "o2");
        var renewals = _subscriptions.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(ISubscriptionStore.RenewAsync));
        renewals.Should().BeGreaterThanOrEqualTo(6, "three beats a lease over three lease-halves");
        await _subscriptions.Received(1).AdvanceAsync("audit", "host-a", 2, Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    [Test]
    public async Task A_handler_whose_lease_another_process_took_is_cancelled_and_writes_no_checkpoint()
    {
        _subscriptions.RenewAsync("audit", "host-a", Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(false);
        var cancelled = false;

        var idle = await Loop(async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        }).PassAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        idle.Should().BeTrue("the pass ends: another process has the subscriber");
        cancelled.Should().BeTrue();
        await _subscriptions.DidNotReceiveWithAnyArgs().AdvanceAsync(default!, default!, default, default, default, default);
        await _subscriptions.DidNotReceiveWithAnyArgs().ParkAsync(default!, default);
    }

    [Test]
    public async Task A_handler_whose_lease_cannot_be_renewed_is_cancelled_before_the_lease_lapses()
    {
        _subscriptions.RenewAsync("audit", "host-a", Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new TimeoutException("the database is unreachable"));
        var cancelledAfter = TimeSpan.MaxValue;
        var clock = Stopwatch.StartNew();

        await Loop(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => cancelledAfter = clock.Elapsed, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
        }).PassAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        cancelledAfter.Should().BeLessThan(Lease, "another process may take the subscriber once the lease lapses");
        await _subscriptions.DidNotReceiveWithAnyArgs().AdvanceAsync(default!, default!, default, default, default, default);
    }

    [Test]
    public async Task A_stop_lets_the_handler_in_hand_finish_checkpoints_it_and_starts_nothing_new()
    {
        _subscriptions.RenewAsync("audit", "host-a", Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(true);
        using var stopping = new CancellationTokenSource();
        var handled = new List<string>();

        var idle = await Loop(async (e, ct) =>
        {
            await stopping.CancelAsync(); // the host is asked to stop while the first event is in hand
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
            handled.Add(e.OrderId);
        }).PassAsync(stopping.Token);

        idle.Should().BeTrue();
        handled.Should().Equal("o1");
        await _subscriptions.Received(1).AdvanceAsync("audit", "host-a", 1, Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _subscriptions.DidNotReceive().AdvanceAsync("audit", "host-a", 2, Arg.Any<DateTimeOffset>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
    }

    private static LoggedEvent Logged(long position, string orderId) =>
        new(position, nameof(Allocated), "LAMP", DateTimeOffset.UnixEpoch, $$"""{"orderid":"{{orderId}}","sku":"LAMP","qty":1,"batchref":"b1"}""");

    private SubscriberLoop Loop(Func<Allocated, CancellationToken, Task> handle)
    {
        var builder = new AllocationBuilder(new ServiceCollection());
        builder.OnEvent("audit", handle);
        var subscriber = builder.Services.Select(d => d.ImplementationInstance).OfType<EventSubscriber>().Single();
        var options = new EventsOptions { LeaseDuration = Lease, CheckpointInterval = Lease, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        return new SubscriberLoops(_log, _subscriptions, new EventLogSignal(), scopes, TimeProvider.System, Options.Create(options), NullLogger<EventDispatcher>.Instance)
            .For(subscriber, "host-a");
    }
}
