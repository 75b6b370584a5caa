using Allocation.Domain.Events;

namespace Allocation.Application.Events;

/// <summary>
/// One row of the event log: a domain event stored in the same transaction as the change that
/// raised it. Positions only grow and are never reused; they need not be consecutive.
/// </summary>
/// <param name="Position">The event's place in the log; readers resume after it.</param>
/// <param name="Type">The event's type name, e.g. <c>Allocated</c> (see <see cref="EventPayload"/>).</param>
/// <param name="Sku">The SKU of the product it happened to.</param>
/// <param name="OccurredAt">When its transaction committed, in UTC.</param>
/// <param name="Data">Its payload as a JSON object (see <see cref="EventPayload"/> for each type's fields).</param>
public sealed record LoggedEvent(long Position, string Type, string Sku, DateTimeOffset OccurredAt, string Data)
{
    /// <summary>The event read back into its domain type (<see cref="EventPayload.Read"/>).</summary>
    /// <returns>The event, or <see langword="null"/> when its type is one this build does not know (a newer build wrote it).</returns>
    public IDomainEvent? ToDomainEvent() => EventPayload.Read(Type, Data);
}
