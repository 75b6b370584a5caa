using Allocation.Application.Reads;

namespace Allocation.Application.Ports;

/// <summary>
/// The read side: answers questions straight from the store without loading aggregates and
/// without taking locks. Answers reflect committed data only.
/// </summary>
public interface IAllocationQueries
{
    /// <summary>The batches an order's lines are allocated to, in the order they were allocated.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One entry per SKU the order holds; empty when it holds none.</returns>
    Task<IReadOnlyList<OrderAllocation>> AllocationsForOrderAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>A batch with its totals.</summary>
    /// <param name="reference">The batch reference.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The batch, or <see langword="null"/> when none has that reference.</returns>
    Task<BatchView?> BatchAsync(string reference, CancellationToken cancellationToken = default);

    /// <summary>A product with its version and batches (in the order they were added).</summary>
    /// <param name="sku">The product's SKU.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The product, or <see langword="null"/> when the SKU is unknown.</returns>
    Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default);
}
