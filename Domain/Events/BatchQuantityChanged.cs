namespace Allocation.Domain.Events;

/// <summary>A batch's purchased quantity changed.</summary>
/// <param name="Reference">The batch.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="PreviousQuantity">The purchased quantity before the change.</param>
/// <param name="NewQuantity">The purchased quantity after the change.</param>
public sealed record BatchQuantityChanged(string Reference, string Sku, int PreviousQuantity, int NewQuantity) : IDomainEvent;
