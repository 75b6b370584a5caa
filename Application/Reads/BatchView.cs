namespace Allocation.Application.Reads;

/// <summary>A batch as the read side reports it.</summary>
/// <param name="Reference">The batch reference.</param>
/// <param name="Sku">The SKU it holds.</param>
/// <param name="PurchasedQuantity">The units bought.</param>
/// <param name="Eta">When it arrives; <see langword="null"/> when it is in the warehouse.</param>
/// <param name="AllocatedQuantity">The units allocated to order lines.</param>
public sealed record BatchView(string Reference, string Sku, int PurchasedQuantity, DateOnly? Eta, int AllocatedQuantity)
{
    /// <summary>The units still free.</summary>
    public int AvailableQuantity => PurchasedQuantity - AllocatedQuantity;
}
