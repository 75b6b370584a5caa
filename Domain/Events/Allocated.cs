namespace Allocation.Domain.Events;

/// <summary>An order line was allocated to a batch.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="Quantity">The units allocated.</param>
/// <param name="BatchReference">The batch that now holds the line.</param>
public sealed record Allocated(string OrderId, string Sku, int Quantity, string BatchReference) : IDomainEvent;
