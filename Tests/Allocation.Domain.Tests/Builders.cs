using Allocation.Domain;

namespace Allocation.Domain.Tests;

internal static class Builders
{
    public static readonly DateOnly Today = new(2026, 11, 22);
    public static readonly DateOnly Tomorrow = Today.AddDays(1);
    public static readonly DateOnly Later = Today.AddDays(10);

    public static (Batch Batch, OrderLine Line) BatchAndLine(string sku, int batchQuantity, int lineQuantity) =>
        (new Batch("batch-001", sku, batchQuantity, Today), new OrderLine("order-123", sku, lineQuantity));

    /// <summary>A product with the given batches added in order (version counts the additions).</summary>
    public static Product ProductWith(string sku, params (string Reference, int Quantity, DateOnly? Eta)[] batches)
    {
        var product = new Product(sku);
        foreach (var (reference, quantity, eta) in batches)
        {
            product.AddBatch(reference, quantity, eta);
        }

        return Reloaded(product);
    }

    /// <summary>The product as a store would load it after its changes committed: the same state, no events.</summary>
    public static Product Reloaded(Product product) => new(product.Sku, product.Batches, product.VersionNumber);

    public static Batch BatchOf(this Product product, string reference) => product.Batches.Single(b => b.Reference == reference);
}
