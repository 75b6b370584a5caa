using Allocation.Application.Errors;
using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>The event log of an <see cref="InMemoryAllocationStore"/>: positions are taken at commit, under the store's commit lock, so they are in commit order.</summary>
/// <param name="store">The store whose log to read.</param>
public sealed class InMemoryEventLog(InMemoryAllocationStore store) : IEventLog
{
    private readonly InMemoryAllocationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var log = _store.Events;
        var start = FirstAfter(log, after);
        IReadOnlyList<LoggedEvent> events = [.. log.Skip(start).Take(limit)];
        if (after > 0 && _store.TrimmedThrough is var trimmed && after < trimmed)
        {
            var kept = _store.Events;
            throw new EventsTrimmedException(after, trimmed, kept.Count > 0 ? kept[0].Position : null);
        }

        return Task.FromResult(events);
    }

    /// <summary>The index of the first event after <paramref name="after"/>: positions are in order, so a binary search, not a scan per poll.</summary>
    private static int FirstAfter(IReadOnlyList<LoggedEvent> log, long after)
    {
        var (low, high) = (0, log.Count);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = log[middle].Position <= after ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <inheritdoc />
    public Task<EventLag> LagAsync(long after, long max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var log = _store.Events;
        var start = FirstAfter(log, after);
        return Task.FromResult(new EventLag(
            Math.Min(max, log.Count - start), start < log.Count ? log[start].OccurredAt : null, after > 0 && after < _store.TrimmedThrough ? _store.TrimmedThrough : null));
    }

    /// <inheritdoc />
    /// <remarks>Positions are taken at commit, so every committed event is readable at once: never held back.</remarks>
    public Task<TimeSpan> HoldBackAsync(CancellationToken cancellationToken = default) => Task.FromResult(TimeSpan.Zero);

    /// <inheritdoc />
    public Task<long> NewestPositionAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Events is { Count: > 0 } log ? log[^1].Position : 0);

    /// <inheritdoc />
    public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Trim(before, upTo, max));
}
