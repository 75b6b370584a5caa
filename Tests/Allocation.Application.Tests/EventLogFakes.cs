using Allocation.Application.Subscriptions;
using Allocation.Application.Handlers;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Allocation.Application.Tests;

/// <summary>A clock that always says the same time.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>An event log that records trims and answers a set newest position.</summary>
internal sealed class FakeLog(Queue<int> deletes) : IEventLog
{
    public FakeLog(params int[] deletes)
        : this(new Queue<int>(deletes))
    {
    }

    public List<(DateTimeOffset Before, long UpTo, int Max)> Calls { get; } = [];

    /// <summary>The events it reads and counts, in position order.</summary>
    public List<LoggedEvent> Events { get; } = [];


    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LoggedEvent>>([.. Events.Where(e => e.Position > after).Take(limit)]);

    /// <summary>The newest position trimmed: a cursor below it lags with <see cref="EventLag.TrimmedThrough"/>.</summary>
    public long TrimmedThrough { get; set; }

    /// <summary>What <see cref="HoldBackAsync"/> answers.</summary>
    public TimeSpan HoldBack { get; set; }

    public Task<EventLag> LagAsync(long after, long max, CancellationToken cancellationToken = default)
    {
        var ahead = Events.Where(e => e.Position > after).ToList();
        return Task.FromResult(new EventLag(Math.Min(max, ahead.Count), ahead.FirstOrDefault()?.OccurredAt, after > 0 && after < TrimmedThrough ? TrimmedThrough : null));
    }

    public Task<TimeSpan> HoldBackAsync(CancellationToken cancellationToken = default) => Task.FromResult(HoldBack);

    public Task<long> NewestPositionAsync(CancellationToken cancellationToken = default) => Task.FromResult(Events.Count == 0 ? 0 : Events[^1].Position);

    public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default)
    {
        Calls.Add((before, upTo, max));
        return Task.FromResult(deletes.Dequeue());
    }
}

/// <summary>A subscription store that lists the states it was given.</summary>
internal sealed class FakeSubscriptions(params SubscriptionState[] states) : ISubscriptionStore
{
    public Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SubscriptionState>>(states);

    public Task<long?> TryLeaseAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> TryAddAsync(string subscriber, long position, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> AdvanceAsync(string subscriber, string owner, long position, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> RenewAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> SkipAsync(string subscriber, long checkpoint, long position, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task ReleaseAsync(string subscriber, string owner, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task ParkAsync(ParkedEvent parked, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string? subscriber, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> RequestReplayAsync(string subscriber, long position, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteParkedAsync(string subscriber, long position, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>An inbox that records each trim and deletes as many as it was told to.</summary>
internal sealed class FakeInbox(params int[] deletes) : IInbox
{
    private readonly Queue<int> _deletes = new(deletes);

    public List<(DateTimeOffset Before, int Max)> Calls { get; } = [];

    public Task<int> TrimAsync(DateTimeOffset before, int max, CancellationToken cancellationToken = default)
    {
        Calls.Add((before, max));
        return Task.FromResult(_deletes.Dequeue());
    }
}
