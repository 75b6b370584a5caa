using Allocation.Application.Events;

namespace Allocation.Application.Ports;

/// <summary>
/// Where each subscriber of the event log keeps its checkpoint, its lease and its parked events.
/// A lease makes one process at a time the reader of a subscriber: it is taken when free or
/// expired, renewed as the reader advances, and checked on every write (a reader that lost it
/// cannot move the checkpoint).
/// </summary>
public interface ISubscriptionStore
{
    /// <summary>Takes or renews the subscriber's lease for <paramref name="owner"/> when it is free, expired or already theirs.</summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="owner">Who asks: one name per process and subscriber loop.</param>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="until">When the lease lapses unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The checkpoint (0 for a new subscriber) when the lease is <paramref name="owner"/>'s; <see langword="null"/> when another holds it.</returns>
    Task<long?> TryLeaseAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>Adds <paramref name="subscriber"/> with its checkpoint at <paramref name="position"/>, unless it exists already.</summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="position">Where it starts: it is handed the events after this position.</param>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when this call added it.</returns>
    Task<bool> TryAddAsync(string subscriber, long position, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Moves the checkpoint and renews the lease, if <paramref name="owner"/> still holds it.</summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="owner">The lease holder.</param>
    /// <param name="position">The position of the last event handled (or parked).</param>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="until">When the lease lapses unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when the lease was lost: the caller must stop and lease again.</returns>
    Task<bool> AdvanceAsync(string subscriber, string owner, long position, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Renews the lease while <paramref name="owner"/> still holds it, without moving the checkpoint:
    /// the heartbeat of a reader whose handler is still working.
    /// </summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="owner">The lease holder.</param>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="until">When the lease lapses unless renewed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when another process took the lease or it was released: the caller must stop.</returns>
    Task<bool> RenewAsync(string subscriber, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a subscriber's checkpoint forward from <paramref name="checkpoint"/> to <paramref name="position"/>,
    /// whoever holds its lease: an operator's decision to go on past events that retention deleted
    /// before the subscriber read them. The lease holder picks the new checkpoint up at its next lease.
    /// </summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="checkpoint">The checkpoint the operator saw; nothing moves when it has changed since.</param>
    /// <param name="position">The new checkpoint, above <paramref name="checkpoint"/>.</param>
    /// <param name="now">The current time (UTC).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when there is no such subscriber or its checkpoint is no longer <paramref name="checkpoint"/>.</returns>
    Task<bool> SkipAsync(string subscriber, long checkpoint, long position, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Gives the lease up (at shutdown), so another process can take over at once.</summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="owner">The lease holder.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the lease is free.</returns>
    Task ReleaseAsync(string subscriber, string owner, CancellationToken cancellationToken = default);

    /// <summary>Every subscriber's checkpoint, lease and number of parked events.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One entry per subscriber that ever leased, by name.</returns>
    Task<IReadOnlyList<SubscriptionState>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Sets an event aside after it failed too often (or records another failure of a parked event's replay).</summary>
    /// <param name="parked">The event, the number of attempts and the last error.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the event is parked.</returns>
    Task ParkAsync(ParkedEvent parked, CancellationToken cancellationToken = default);

    /// <summary>The parked events, oldest first.</summary>
    /// <param name="subscriber">Only this subscriber's, or every subscriber's when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parked events.</returns>
    Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string? subscriber, CancellationToken cancellationToken = default);

    /// <summary>Asks for a parked event to be delivered to its subscriber again.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <param name="position">The event's position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when no such event is parked.</returns>
    Task<bool> RequestReplayAsync(string subscriber, long position, CancellationToken cancellationToken = default);

    /// <summary>Removes a parked event: it was replayed successfully, or an operator gave up on it.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <param name="position">The event's position.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="false"/> when no such event was parked.</returns>
    Task<bool> DeleteParkedAsync(string subscriber, long position, CancellationToken cancellationToken = default);
}
