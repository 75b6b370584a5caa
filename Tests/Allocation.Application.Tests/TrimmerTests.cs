using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging.Abstractions;

namespace Allocation.Application.Tests;

/// <summary>Retention deletes old events in chunks, never past the checkpoint of a subscriber active within the period.</summary>
public sealed class TrimmerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Trims_up_to_the_slowest_active_subscriber_in_chunks_until_a_chunk_is_short()
    {
        var log = new FakeLog(deletes: [1000, 1000, 17]);
        var subscriptions = new FakeSubscriptions(
            new SubscriptionState("mail", 50, "host-a", Now, Now.AddMinutes(-1)),
            new SubscriptionState("shipping", 80, null, null, Now.AddDays(-2)),
            new SubscriptionState("retired", 10, null, null, Now.AddDays(-8)));

        var deleted = await Retention(log, subscriptions).TrimAsync(CancellationToken.None);

        deleted.Should().Be(2017);
        log.Calls.Should().Equal((Now.AddDays(-7), 50L, 1000), (Now.AddDays(-7), 50L, 1000), (Now.AddDays(-7), 50L, 1000));
    }

    [Test]
    public async Task With_no_active_subscriber_age_alone_decides()
    {
        var log = new FakeLog(deletes: [3]);

        await Retention(log, new FakeSubscriptions()).TrimAsync(CancellationToken.None);

        log.Calls.Should().Equal((Now.AddDays(-7), long.MaxValue, 1000));
    }

    [Test]
    public async Task Forgets_inbox_ids_older_than_their_own_retention_in_chunks()
    {
        var inbox = new FakeInbox(1000, 4);
        var trimmer = new InboxTrimmer(
            inbox, new FixedTime(Now), Options.Create(new EventsOptions { InboxRetention = TimeSpan.FromDays(2) }), NullLogger<InboxTrimmer>.Instance);

        (await trimmer.TrimAsync(CancellationToken.None)).Should().Be(1004);

        inbox.Calls.Should().Equal((Now.AddDays(-2), 1000), (Now.AddDays(-2), 1000));
    }

    [Test]
    public async Task A_store_without_an_inbox_has_none_to_trim()
    {
        var trimmer = new InboxTrimmer(NoEventLog.Instance, new FixedTime(Now), Options.Create(new EventsOptions()), NullLogger<InboxTrimmer>.Instance);

        (await trimmer.TrimAsync(CancellationToken.None)).Should().Be(0);
    }

    private static EventLogTrimmer Retention(FakeLog log, FakeSubscriptions subscriptions) =>
        new(log, subscriptions, new FixedTime(Now), Options.Create(new EventsOptions()), NullLogger<EventLogTrimmer>.Instance);
}
