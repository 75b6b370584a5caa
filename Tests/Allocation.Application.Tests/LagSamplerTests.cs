using Allocation.Application.Ports;
using NSubstitute;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using System.Diagnostics.Metrics;
using Allocation.Application.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Allocation.Application.Tests;

/// <summary>Each running subscriber's lag (events after its checkpoint), the age of its oldest unhandled event, and its parked events, as gauges.</summary>
public sealed class LagSamplerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Report_each_running_subscribers_lag_its_age_and_parked_events()
    {
        var log = new FakeLog();
        // Positions with gaps, as on PostgreSQL: lag counts events, not the difference of positions.
        log.Events.AddRange([Event(1 << 20, Now.AddMinutes(-5)), Event((2 << 20) + 1, Now.AddSeconds(-90)), Event(7 << 20, Now.AddSeconds(-3))]);
        var subscriptions = new FakeSubscriptions(
            new SubscriptionState("mail", 1 << 20, "host-a", Now, Now, Parked: 2),
            new SubscriptionState("redis", 7 << 20, "host-a", Now, Now),
            new SubscriptionState("retired", 3, null, null, Now.AddDays(-30), Parked: 9));
        using var sampler = Sampler(log, subscriptions, ["mail", "redis", "new"]);

        await sampler.SampleAsync(CancellationToken.None);

        var observed = Observe();
        observed["allocation.events.lag"].Should().BeEquivalentTo(new Dictionary<string, double> { ["mail"] = 2, ["redis"] = 0, ["new"] = 3 },
            "a subscriber that never leased has every event ahead of it, and one this process does not run is not its to report");
        observed["allocation.events.lag.age"].Should().BeEquivalentTo(new Dictionary<string, double> { ["mail"] = 90, ["redis"] = 0, ["new"] = 300 });
        observed["allocation.events.parked.count"].Should().BeEquivalentTo(new Dictionary<string, double> { ["mail"] = 2, ["redis"] = 0, ["new"] = 0 });
        observed["allocation.events.trimmed"].Should().BeEquivalentTo(new Dictionary<string, double> { ["mail"] = 0, ["redis"] = 0, ["new"] = 0 });
        observed["allocation.events.holdback.age"].Should().BeEquivalentTo(new Dictionary<string, double> { [""] = 0 });
    }

    [Test]
    public async Task Report_a_subscriber_behind_retention_and_how_long_readers_are_held_back()
    {
        var log = new FakeLog { TrimmedThrough = 50, HoldBack = TimeSpan.FromSeconds(42) };
        log.Events.Add(Event(60, Now.AddSeconds(-10)));
        var subscriptions = new FakeSubscriptions(new SubscriptionState("mail", 20, null, null, Now), new SubscriptionState("redis", 50, null, null, Now));
        using var sampler = Sampler(log, subscriptions, ["mail", "redis", "new"]);

        await sampler.SampleAsync(CancellationToken.None);

        var observed = Observe();
        observed["allocation.events.trimmed"].Should().BeEquivalentTo(new Dictionary<string, double> { ["mail"] = 1, ["redis"] = 0, ["new"] = 0 },
            "events after 20 were deleted unread; 50 was read, and a new subscriber starts from what is kept");
        observed["allocation.events.holdback.age"].Should().BeEquivalentTo(new Dictionary<string, double> { [""] = 42 });
    }

    [Test]
    public void Report_nothing_before_the_first_reading()
    {
        using var sampler = Sampler(new FakeLog(), new FakeSubscriptions(), ["mail"]);

        Observe().Should().BeEmpty();
    }

    [Test]
    public async Task Lag_is_counted_only_for_the_subscribers_asked_for_and_only_as_far_as_asked()
    {
        var log = Substitute.For<IEventLog>();
        log.LagAsync(default, default, default).ReturnsForAnyArgs(new EventLag(0, null));
        var subscriptions = new FakeSubscriptions(new SubscriptionState("mail", 5, null, null, Now), new SubscriptionState("retired", 3, null, null, Now));

        var answer = await new SubscriptionLag(subscriptions, log).ReadAsync(["mail", "new"], countUpTo: 1);

        answer.Select(a => (a.Subscriber, a.State?.Position)).Should().Equal(("mail", 5L), ("new", (long?)null));
        await log.Received(1).LagAsync(5, 1, Arg.Any<CancellationToken>());
        await log.Received(1).LagAsync(0, 1, Arg.Any<CancellationToken>());
        await log.DidNotReceive().LagAsync(3, Arg.Any<long>(), Arg.Any<CancellationToken>());
    }

    private static LagSampler Sampler(FakeLog log, FakeSubscriptions subscriptions, string[] running)
    {
        var builder = new AllocationBuilder(new ServiceCollection());
        foreach (var name in running)
        {
            builder.OnEvent<Domain.Events.Allocated>(name, (_, _) => Task.CompletedTask);
        }

        return new LagSampler(
            new SubscriptionLag(subscriptions, log), log, builder.Services.Select(d => d.ImplementationInstance).OfType<EventSubscriber>(),
            new FixedTime(Now), Options.Create(new EventsOptions()), NullLogger<LagSampler>.Instance);
    }

    private static LoggedEvent Event(long position, DateTimeOffset occurredAt) => new(position, "Allocated", "LAMP", occurredAt, "{}");

    /// <summary>Collects the gauges of every live Allocation meter once: instrument name, then subscriber ("" for an untagged point), then value.</summary>
    private static Dictionary<string, Dictionary<string, double>> Observe()
    {
        var observed = new Dictionary<string, Dictionary<string, double>>();
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var subscriber = (string?)tags.ToArray().SingleOrDefault(tag => tag.Key == "subscriber").Value ?? "";
            var points = observed.TryGetValue(instrument.Name, out var existing) ? existing : observed[instrument.Name] = [];
            points[subscriber] = value;
        }

        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AllocationTelemetry.Name && instrument is ObservableInstrument<long> or ObservableInstrument<double>)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
