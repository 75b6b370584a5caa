using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Allocation.Domain.Events;

namespace Allocation.Adapters.InMemory;

/// <summary>The operator's questions on an <see cref="InMemoryAllocationStore"/>: committed data, no locks.</summary>
/// <param name="store">The store to read.</param>
public sealed class InMemoryOperatorQueries(InMemoryAllocationStore store) : IOperatorQueries
{
    private readonly InMemoryAllocationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public Task<StockCounts> StockCountsAsync(CancellationToken cancellationToken = default)
    {
        var products = _store.Products.Values.ToList();
        return Task.FromResult(new StockCounts(
            products.Count,
            products.Sum(product => (long)product.Batches.Count),
            products.Sum(product => product.Batches.Sum(batch => (long)batch.Lines.Count)),
            products.Count(product => product.Batches.All(batch => batch.AllocatedQuantity == batch.PurchasedQuantity))));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ProductSummary>> ProductsStartingWithAsync(string prefix, string afterSku, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var all = await new InMemoryAllocationQueries(_store).ProductsAsync(afterSku, int.MaxValue, cancellationToken).ConfigureAwait(false);
        return [.. all.Where(product => product.Sku.StartsWith(prefix, StringComparison.Ordinal)).Take(limit)];
    }

    /// <inheritdoc />
    public Task<OrderHistory> OrderHistoryAsync(string orderId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        IReadOnlyList<OrderLineView> lines =
            [.. _store.LinesOfOrder(orderId).Select(held => new OrderLineView(held.Product.Sku, held.Line.Quantity, held.Batch.Reference, held.Batch.Eta))];
        IReadOnlyList<LoggedEvent> events = [.. _store.Events.Where(e => OrderOf(e) == orderId).TakeLast(limit)];
        return Task.FromResult(new OrderHistory(orderId, lines, events));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivitySecond>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ActivitySecond> seconds =
            [.. from e in _store.Events
                where e.OccurredAt >= since && e.Type is nameof(Allocated) or nameof(OutOfStock)
                group e by new DateTimeOffset(e.OccurredAt.UtcTicks - (e.OccurredAt.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) into second
                orderby second.Key
                select new ActivitySecond(second.Key, second.Count(e => e.Type == nameof(Allocated)), second.Count(e => e.Type == nameof(OutOfStock)))];
        return Task.FromResult(seconds);
    }

    private static string? OrderOf(LoggedEvent logged) => logged.ToDomainEvent() switch
    {
        Allocated e => e.OrderId,
        Deallocated e => e.OrderId,
        AllocationLost e => e.OrderId,
        _ => null,
    };
}
