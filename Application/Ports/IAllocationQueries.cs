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

    /// <summary>The batches that exist among <paramref name="references"/>, in one read (a bulk import's chunk asks this once, not once per row).</summary>
    /// <param name="references">Batch references, a few thousand at most.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The batches found, in no particular order; references that name no batch are left out.</returns>
    Task<IReadOnlyList<BatchView>> BatchesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken = default);

    /// <summary>A product with its version and batches (in the order they were added).</summary>
    /// <param name="sku">The product's SKU.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The product, or <see langword="null"/> when the SKU is unknown.</returns>
    Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>
    /// Products in SKU order (ordinal), after <paramref name="afterSku"/>: each with its version
    /// and stock totals, read without loading any batch or line.
    /// </summary>
    /// <param name="afterSku">The last SKU of the previous page, or the empty string for the first page.</param>
    /// <param name="limit">The most products to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> products.</returns>
    Task<IReadOnlyList<ProductSummary>> ProductsAsync(string afterSku, int limit, CancellationToken cancellationToken = default);

    /// <summary>A product's allocated lines in the order they were allocated, after position <paramref name="after"/>.</summary>
    /// <param name="sku">The product.</param>
    /// <param name="after">The last position of the previous page, or 0 for the first page.</param>
    /// <param name="limit">The most lines to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> lines; empty for an unknown SKU.</returns>
    Task<IReadOnlyList<ProductAllocation>> AllocationsOfProductAsync(string sku, long after, int limit, CancellationToken cancellationToken = default);
}
