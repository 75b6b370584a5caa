namespace Allocation.Application.Reads;

/// <summary>Counts across the whole store, for an overview.</summary>
/// <param name="Skus">Products, one per SKU.</param>
/// <param name="Batches">Batches of every product.</param>
/// <param name="AllocatedLines">Order lines allocated now.</param>
/// <param name="OutOfStockSkus">SKUs none of whose batches has a unit free now.</param>
public sealed record StockCounts(long Skus, long Batches, long AllocatedLines, long OutOfStockSkus);
