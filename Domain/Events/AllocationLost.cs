namespace Allocation.Domain.Events;

/// <summary>
/// A quantity change took an order line back from its batch and no other batch could take it:
/// the line is no longer allocated. It follows the line's <see cref="Deallocated"/>.
/// </summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="Quantity">The units that lost their stock.</param>
/// <param name="BatchReference">The batch that was shrunk.</param>
public sealed record AllocationLost(string OrderId, string Sku, int Quantity, string BatchReference) : IDomainEvent;
