namespace Allocation.Domain.Events;

/// <summary>
/// A line of this SKU could not be placed: an allocation was refused for lack of stock, or a
/// quantity change took lines back that no other batch could take. Recorded even though the
/// product itself did not change (its version stays), so that the refusal is stored and heard.
/// </summary>
/// <param name="Sku">The product's SKU.</param>
public sealed record OutOfStock(string Sku) : IDomainEvent;
