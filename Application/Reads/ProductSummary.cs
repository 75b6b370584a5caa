namespace Allocation.Application.Reads;

/// <summary>A product in a listing: its version and its stock totals across batches, no batch loaded.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="VersionNumber">The product's version: one more for every change.</param>
/// <param name="PurchasedQuantity">Units bought, all batches together (a total of many batches of up to 2,147,483,647 each, so a <see langword="long"/>).</param>
/// <param name="AllocatedQuantity">Units allocated to order lines, all batches together.</param>
public sealed record ProductSummary(string Sku, int VersionNumber, long PurchasedQuantity, long AllocatedQuantity)
{
    /// <summary>Units still free, all batches together.</summary>
    public long AvailableQuantity => PurchasedQuantity - AllocatedQuantity;
}
