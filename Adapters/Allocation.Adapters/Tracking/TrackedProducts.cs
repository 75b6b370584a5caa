using Allocation.Domain;

namespace Allocation.Adapters.Tracking;

/// <summary>
/// The products a unit of work has seen (its identity map), each with the version it was loaded
/// at, so that the commit can check the version and write what the product's events say. Shared by
/// every store adapter.
/// </summary>
internal sealed class TrackedProducts
{
    private readonly Dictionary<string, (Product Product, int? LoadedVersion)> _seen = new(StringComparer.Ordinal);

    /// <summary>Tracks a product created in this unit of work.</summary>
    /// <exception cref="InvalidOperationException">A product with that SKU is tracked already.</exception>
    public void AddNew(Product product)
    {
        if (!_seen.TryAdd(product.Sku, (product, null)))
        {
            throw new InvalidOperationException($"Product {product.Sku} is already part of this unit of work.");
        }
    }

    /// <summary>Tracks a product as it was just loaded.</summary>
    public void AddLoaded(Product product) => _seen.Add(product.Sku, (product, product.VersionNumber));

    public Product? Find(string sku) => _seen.TryGetValue(sku, out var seen) ? seen.Product : null;

    /// <summary>The SKU of a tracked product that has a batch with this reference (possibly one added in this unit of work).</summary>
    public string? SkuOfBatch(string reference) =>
        _seen.Values.Select(seen => seen.Product).FirstOrDefault(product => product.Batches.Any(batch => batch.Reference == reference))?.Sku;

    /// <summary>What to write: every product that is new, changed, or recorded an event (a refusal records one and changes nothing).</summary>
    /// <exception cref="InvalidOperationException">A product changed but its events were cleared, so what changed is unknown.</exception>
    public List<ProductChange> Changes()
    {
        var changes = new List<ProductChange>(_seen.Count);
        foreach (var (product, loadedVersion) in _seen.Values)
        {
            var change = new ProductChange(product, loadedVersion, [.. product.Events]);
            if (change.StateChanged && !change.IsNew && change.Events.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Product {product.Sku} changed but has no events to write; do not clear a product's events before its unit of work commits.");
            }

            if (change.IsNew || change.StateChanged || change.Events.Count > 0)
            {
                changes.Add(change);
            }
        }

        return changes;
    }
}
