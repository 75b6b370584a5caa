namespace Allocation.Domain.Events;

/// <summary>An order line was taken off a batch (deallocated, or taken back by a quantity change).</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="Quantity">The units released.</param>
/// <param name="BatchReference">The batch that held the line.</param>
public sealed record Deallocated(string OrderId, string Sku, int Quantity, string BatchReference) : IDomainEvent;
