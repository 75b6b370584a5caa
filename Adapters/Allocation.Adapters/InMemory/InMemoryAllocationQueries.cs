using Allocation.Application.Ports;
using Allocation.Application.Reads;

namespace Allocation.Adapters.InMemory;

/// <summary>The read side of an <see cref="InMemoryAllocationStore"/>: committed data, no locks.</summary>
/// <param name="store">The store to read.</param>
public sealed class InMemoryAllocationQueries(InMemoryAllocationStore store) : IAllocationQueries
{
    private readonly InMemoryAllocationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderAllocation>> AllocationsForOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<OrderAllocation> allocations = [.. _store.LinesOfOrder(orderId).Select(held => new OrderAllocation(held.Product.Sku, held.Batch.Reference))];
        return Task.FromResult(allocations);
    }

    /// <inheritdoc />
    public Task<BatchView?> BatchAsync(string reference, CancellationToken cancellationToken = default)
    {
        var sku = _store.SkuOfBatch(reference);
        var batch = sku is null ? null : _store.Products[sku].Batches.Single(b => b.Reference == reference);
        return Task.FromResult(batch is null ? null : View(sku!, batch));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchView>> BatchesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        IReadOnlyList<BatchView> found = [.. references.Distinct(StringComparer.Ordinal)
            .Select(reference => (Reference: reference, Sku: _store.SkuOfBatch(reference)))
            .Where(pair => pair.Sku is not null)
            .Select(pair => View(pair.Sku!, _store.Products[pair.Sku!].Batches.Single(b => b.Reference == pair.Reference)))];
        return Task.FromResult(found);
    }

    /// <inheritdoc />
    public Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Products.TryGetValue(sku, out var product)
            ? new ProductView(sku, product.Version, [.. product.Batches.Select(batch => View(sku, batch))])
            : null);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProductSummary>> ProductsAsync(string afterSku, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ProductSummary> page =
            [.. _store.Products.Values
                .Where(product => string.CompareOrdinal(product.Sku, afterSku) > 0)
                .OrderBy(product => product.Sku, StringComparer.Ordinal)
                .Take(limit)
                .Select(product => new ProductSummary(
                    product.Sku, product.Version, product.Batches.Sum(b => (long)b.PurchasedQuantity), product.Batches.Sum(b => (long)b.AllocatedQuantity)))];
        return Task.FromResult(page);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProductAllocation>> AllocationsOfProductAsync(string sku, long after, int limit, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ProductAllocation> page = _store.Products.TryGetValue(sku, out var product)
            ? [.. from batch in product.Batches
                from line in batch.Lines
                where line.Sequence > after
                orderby line.Sequence
                select new ProductAllocation(line.Sequence, line.OrderId, line.Quantity, batch.Reference)]
            : [];
        return Task.FromResult<IReadOnlyList<ProductAllocation>>([.. page.Take(limit)]);
    }

    private static BatchView View(string sku, StoredBatch batch) =>
        new(batch.Reference, sku, batch.PurchasedQuantity, batch.Eta, batch.AllocatedQuantity);
}
