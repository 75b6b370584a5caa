namespace Allocation.Domain.Events;

/// <summary>An order line was taken off a batch: released, or taken back by a quantity change.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="Quantity">The units released.</param>
/// <param name="BatchReference">The batch that held the line.</param>
/// <param name="TakenBack">
/// Whether a decrease of the batch's quantity took it back (an <see cref="Allocated"/> on another
/// batch or an <see cref="AllocationLost"/> follows in the same commit): stock was not freed.
/// </param>
public sealed record Deallocated(string OrderId, string Sku, int Quantity, string BatchReference, bool TakenBack = false) : IDomainEvent;
