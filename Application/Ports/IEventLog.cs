using Allocation.Application.Events;

namespace Allocation.Application.Ports;

/// <summary>
/// The store's event log: every domain event, written in the same transaction as the change that
/// raised it (a rolled-back change leaves none). Readers see events in position order and never
/// miss one: an event becomes readable only once no event below it can still commit.
/// </summary>
public interface IEventLog
{
    /// <summary>The committed events after <paramref name="after"/>, in position order.</summary>
    /// <param name="after">The position already seen; 0 reads from the start.</param>
    /// <param name="limit">The most events to return; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Up to <paramref name="limit"/> events; empty when none is readable yet.</returns>
    /// <exception cref="Errors.EventsTrimmedException">
    /// <paramref name="after"/> is above 0 and below the newest position retention deleted: events the
    /// reader has not seen are gone (0 reads from the oldest event kept).
    /// </exception>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached.</exception>
    Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// How far a reader at <paramref name="after"/> is behind: the committed events after it, readable
    /// yet or not (an event held back behind a running transaction counts), up to
    /// <paramref name="max"/>, and when the oldest of them occurred. Positions are not consecutive on
    /// every store, so the difference of two positions is not a number of events.
    /// </summary>
    /// <param name="after">A checkpoint or cursor.</param>
    /// <param name="max">Where counting stops, so that a far-behind reader costs a bounded read; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of events after the position (at most <paramref name="max"/>) and the oldest one's time.</returns>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached.</exception>
    Task<EventLag> LagAsync(long after, long max, CancellationToken cancellationToken = default);

    /// <summary>
    /// How long readers have been held back: the age of the oldest transaction still running that
    /// keeps committed events from being readable (on PostgreSQL, an event becomes readable only once
    /// every transaction that took its id before it has ended). When that transaction cannot be seen
    /// (another role's session), the age of the oldest event it holds back, which is less.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Zero when every committed event is readable.</returns>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached.</exception>
    Task<TimeSpan> HoldBackAsync(CancellationToken cancellationToken = default);

    /// <summary>The position of the newest committed event, readable yet or not; 0 for an empty log.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The newest position.</returns>
    Task<long> NewestPositionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes up to <paramref name="max"/> of the oldest events that occurred before
    /// <paramref name="before"/> and lie at or below <paramref name="upTo"/>. The newest event always
    /// stays, so that no position is ever handed out again.
    /// </summary>
    /// <param name="before">Events that occurred at or after this are kept.</param>
    /// <param name="upTo">Events after this position are kept (the slowest reader's checkpoint).</param>
    /// <param name="max">The most rows to delete in this call, so that no call holds anything for long.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many events were deleted.</returns>
    /// <remarks>The store remembers the newest position it deleted, so that <see cref="ReadAsync"/> can refuse a cursor below it.</remarks>
    Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default);
}
