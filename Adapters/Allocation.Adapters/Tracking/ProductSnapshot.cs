using Allocation.Domain;

namespace Allocation.Adapters.Tracking;

/// <summary>
/// What a repository loaded for a product: its version, each batch's quantities and the loaded
/// order lines per batch, oldest first. Compared with the product at commit to find what changed.
/// </summary>
internal sealed class ProductSnapshot
{
    private ProductSnapshot(int? version, Dictionary<string, BatchSnapshot> batches)
    {
        Version = version;
        Batches = batches;
    }

    /// <summary>The version loaded, or <see langword="null"/> for a product created in this unit of work.</summary>
    public int? Version { get; }

    public IReadOnlyDictionary<string, BatchSnapshot> Batches { get; }

    public bool IsNew => Version is null;

    public static ProductSnapshot Of(Product product) => new(
        product.VersionNumber,
        product.Batches.ToDictionary(
            batch => batch.Reference,
            batch => new BatchSnapshot(batch.PurchasedQuantity, batch.AllocatedQuantity, [.. batch.Allocations]),
            StringComparer.Ordinal));

    public static ProductSnapshot ForNew() => new(null, new Dictionary<string, BatchSnapshot>(StringComparer.Ordinal));
}

/// <summary>One batch as it was loaded.</summary>
internal sealed record BatchSnapshot(int PurchasedQuantity, int AllocatedQuantity, IReadOnlyList<OrderLine> Lines);
