using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Tracking;

/// <summary>
/// The products a unit of work has seen (its identity map), each with what was loaded, so the
/// commit can write the difference and the events can be collected. Shared by every store adapter.
/// </summary>
internal sealed class TrackedProducts
{
    private readonly Dictionary<string, (Product Product, ProductSnapshot Loaded)> _seen = new(StringComparer.Ordinal);

    /// <summary>Tracks a product created in this unit of work.</summary>
    /// <exception cref="InvalidOperationException">A product with that SKU is tracked already.</exception>
    public void AddNew(Product product)
    {
        if (!_seen.TryAdd(product.Sku, (product, ProductSnapshot.ForNew())))
        {
            throw new InvalidOperationException($"Product {product.Sku} is already part of this unit of work.");
        }
    }

    /// <summary>Tracks a product as it was just loaded.</summary>
    public void AddLoaded(Product product) => _seen.Add(product.Sku, (product, ProductSnapshot.Of(product)));

    public Product? Find(string sku) => _seen.TryGetValue(sku, out var seen) ? seen.Product : null;

    /// <summary>The SKU of a tracked product that has a batch with this reference (possibly one added in this unit of work).</summary>
    public string? SkuOfBatch(string reference) =>
        _seen.Values.Select(seen => seen.Product).FirstOrDefault(product => product.Batches.Any(batch => batch.Reference == reference))?.Sku;

    /// <summary>The changes to write, for the products that changed.</summary>
    public List<ProductChanges> Changes() =>
        [.. _seen.Values.Select(seen => ProductChanges.Between(seen.Loaded, seen.Product)).Where(changes => changes.HasChanges)];

    /// <summary>Takes the events of every tracked product, oldest first per product, and clears them.</summary>
    public IReadOnlyList<IDomainEvent> CollectEvents()
    {
        var events = _seen.Values.SelectMany(seen => seen.Product.Events).ToList();
        foreach (var (product, _) in _seen.Values)
        {
            product.ClearEvents();
        }

        return events;
    }
}
