using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Allocation.Application.Tests;

/// <summary>Retention deletes old events in chunks, never past the checkpoint of a subscriber active within the period.</summary>
public sealed class EventLogRetentionTests
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

    private static EventLogRetention Retention(FakeLog log, FakeSubscriptions subscriptions)
    {
        var scopes = new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>();
        var ports = new EventDispatcher.Ports(log, subscriptions, new EventLogSignal(), scopes, new FixedTime());
        return new EventLogRetention(ports, new EventsOptions(), NullLogger.Instance);
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FakeLog(Queue<int> deletes) : IEventLog
    {
        public FakeLog(int[] deletes)
            : this(new Queue<int>(deletes))
        {
        }

        public List<(DateTimeOffset Before, long UpTo, int Max)> Calls { get; } = [];

        public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LoggedEvent>>([]);

        public Task<bool> WasOutOfStockAsync(string sku, long before, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default)
        {
            Calls.Add((before, upTo, max));
            return Task.FromResult(deletes.Dequeue());
        }
    }

    private sealed class FakeSubscriptions(params SubscriptionState[] states) : ISubscriptionStore
    {
        public Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<SubscriptionState>>(states);

        public Task<long?> TryLeaseAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<bool> AdvanceAsync(string subscriber, string owner, long position, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task ReleaseAsync(string subscriber, string owner, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ParkAsync(ParkedEvent parked, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string? subscriber, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> RequestReplayAsync(string subscriber, long position, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> DeleteParkedAsync(string subscriber, long position, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
