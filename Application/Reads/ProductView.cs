namespace Allocation.Application.Reads;

/// <summary>A product as the read side reports it.</summary>
/// <param name="Sku">The product's SKU.</param>
/// <param name="VersionNumber">Its version: the number of changes it has seen.</param>
/// <param name="Batches">Its batches, in the order they were added.</param>
public sealed record ProductView(string Sku, int VersionNumber, IReadOnlyList<BatchView> Batches);
