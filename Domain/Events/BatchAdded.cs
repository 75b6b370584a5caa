namespace Allocation.Domain.Events;

/// <summary>A batch of stock was added to a product.</summary>
/// <param name="Reference">The new batch's reference.</param>
/// <param name="Sku">The product's SKU.</param>
/// <param name="PurchasedQuantity">The batch's purchased quantity.</param>
/// <param name="Eta">When the batch arrives; <see langword="null"/> when it is in the warehouse.</param>
public sealed record BatchAdded(string Reference, string Sku, int PurchasedQuantity, DateOnly? Eta) : IDomainEvent;
