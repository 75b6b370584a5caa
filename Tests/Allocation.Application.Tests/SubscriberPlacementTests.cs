using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;

namespace Allocation.Application.Tests;

/// <summary>A new subscriber with side effects starts at the end of a log that already holds events, unless its settings say otherwise.</summary>
public sealed class SubscriberPlacementTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private IEventLog _log = null!;
    private ISubscriptionStore _subscriptions = null!;

    [SetUp]
    public void HoldEvents()
    {
        // NUnit keeps one fixture instance for all its tests: fresh substitutes for each.
        _log = Substitute.For<IEventLog>();
        _subscriptions = Substitute.For<ISubscriptionStore>();
        _log.NewestPositionAsync(Arg.Any<CancellationToken>()).Returns(1_765_000_000_000_000L);
        _log.ClearReceivedCalls();
    }

    [Test]
    public async Task A_subscriber_with_side_effects_is_added_after_the_newest_event()
    {
        await PlaceAsync(Subscriber("mail", SubscriberStart.End), new EventsOptions());

        await _subscriptions.Received(1).TryAddAsync("mail", 1_765_000_000_000_000L, Noon, Arg.Any<CancellationToken>());
    }

    [Test]
    public async Task Any_other_subscriber_is_left_to_its_first_lease_which_starts_at_the_beginning()
    {
        await PlaceAsync(Subscriber("projection", SubscriberStart.Beginning), new EventsOptions());

        await _subscriptions.DidNotReceiveWithAnyArgs().TryAddAsync(default!, default, default, default);
        await _log.DidNotReceiveWithAnyArgs().NewestPositionAsync(default);
    }

    [Test]
    public async Task The_setting_overrides_the_default_both_ways()
    {
        var options = new EventsOptions();
        options.Subscribers["mail"] = new SubscriberSettings { StartAt = SubscriberStart.Beginning };
        options.Subscribers["PROJECTION"] = new SubscriberSettings { StartAt = SubscriberStart.End };

        await PlaceAsync(Subscriber("mail", SubscriberStart.End), options);
        await PlaceAsync(Subscriber("projection", SubscriberStart.Beginning), options);

        await _subscriptions.DidNotReceive().TryAddAsync("mail", Arg.Any<long>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>());
        await _subscriptions.Received(1).TryAddAsync("projection", 1_765_000_000_000_000L, Noon, Arg.Any<CancellationToken>());
    }

    private static EventSubscriber Subscriber(string name, SubscriberStart start)
    {
        var builder = new AllocationBuilder(new ServiceCollection());
        builder.OnEventPages(name, (_, _, _) => Task.CompletedTask);
        if (start == SubscriberStart.End)
        {
            builder.HasSideEffects(name);
        }

        return builder.Services.Select(d => d.ImplementationInstance).OfType<EventSubscriber>().Single();
    }

    private Task<bool> PlaceAsync(EventSubscriber subscriber, EventsOptions options) =>
        SubscriberPlacement.PlaceAsync(subscriber, _log, _subscriptions, new FixedTime(Noon), options, NullLogger.Instance, CancellationToken.None);
}
