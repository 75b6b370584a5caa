using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Adapters.Tracking;

/// <summary>
/// What a unit of work did to one product: the events it recorded since the product was loaded
/// (or created). The events are the change set: every store writes exactly what they say, plus the
/// version check, and logs them.
/// </summary>
/// <param name="Product">The product as it is now.</param>
/// <param name="LoadedVersion">The version loaded, or <see langword="null"/> for a product created in this unit of work.</param>
/// <param name="Events">The events recorded since, oldest first.</param>
internal sealed record ProductChange(Product Product, int? LoadedVersion, IReadOnlyList<IDomainEvent> Events)
{
    /// <summary>The product was created in this unit of work: it is inserted, not updated.</summary>
    public bool IsNew => LoadedVersion is null;

    /// <summary>Its state changed (its version moves with every change), so the stored version must be checked and moved.</summary>
    public bool StateChanged => LoadedVersion != Product.VersionNumber;

    /// <summary>Batches added in this unit of work, in the order they were added.</summary>
    public IEnumerable<Batch> AddedBatches =>
        Events.OfType<BatchAdded>().Select(added => Batch(added.Reference));

    /// <summary>Batches that existed before and whose purchased or allocated quantity may have changed, each once.</summary>
    public IEnumerable<Batch> UpdatedBatches
    {
        get
        {
            var added = Events.OfType<BatchAdded>().Select(e => e.Reference).ToHashSet(StringComparer.Ordinal);
            return Events.Select(TouchedBatch).OfType<string>().Where(reference => !added.Contains(reference))
                .Distinct(StringComparer.Ordinal).Select(Batch);
        }
    }

    private static string? TouchedBatch(IDomainEvent domainEvent) => domainEvent switch
    {
        Allocated e => e.BatchReference,
        Deallocated e => e.BatchReference,
        BatchQuantityChanged e => e.Reference,
        _ => null,
    };

    private Batch Batch(string reference) =>
        Product.Batches.FirstOrDefault(batch => batch.Reference == reference)
        ?? throw new InvalidOperationException($"An event of product {Product.Sku} names batch {reference}, which the product does not have.");
}
