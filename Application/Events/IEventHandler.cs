using System.Diagnostics.CodeAnalysis;
using Allocation.Domain.Events;

namespace Allocation.Application.Events;

/// <summary>
/// Handles one type of domain event, from the event log, after the change that raised it
/// committed. Delivery is at least once: a handler may see an event again (after a crash or a
/// retry), so it must be idempotent, for example by remembering <see cref="EventContext.Position"/>.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
[SuppressMessage("Naming", "CA1711", Justification = "The book's vocabulary: a handler of domain events, not a .NET event delegate.")]
public interface IEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    /// <summary>Handles the event. Throwing makes the subscriber retry it with backoff, then park it.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <param name="context">Where it is in the log, and the services of this delivery.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(TEvent domainEvent, EventContext context, CancellationToken cancellationToken);
}

/// <summary>One delivery of a logged event to a subscriber.</summary>
/// <param name="Subscriber">The subscriber's name.</param>
/// <param name="Position">The event's position in the log.</param>
/// <param name="OccurredAt">When the event's transaction committed (UTC).</param>
/// <param name="Attempt">1 for the first attempt, then 2, 3, ... for retries and replays.</param>
/// <param name="Services">A service scope for this delivery alone.</param>
public sealed record EventContext(string Subscriber, long Position, DateTimeOffset OccurredAt, int Attempt, IServiceProvider Services);
