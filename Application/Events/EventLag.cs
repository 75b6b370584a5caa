namespace Allocation.Application.Events;

/// <summary>How far a reader is behind the log: the committed events after its position, readable yet or not.</summary>
/// <param name="Events">How many (counted up to a limit).</param>
/// <param name="OldestOccurredAt">When the oldest of them occurred; <see langword="null"/> when there is none.</param>
/// <param name="TrimmedThrough">
/// When retention deleted events after the position before the reader read them, the newest
/// position it deleted: the reader cannot read on without a gap (its reads fail with
/// <see cref="Errors.EventsTrimmedException"/>) until it moves past it. Otherwise <see langword="null"/>.
/// </param>
public sealed record EventLag(long Events, DateTimeOffset? OldestOccurredAt, long? TrimmedThrough = null);
