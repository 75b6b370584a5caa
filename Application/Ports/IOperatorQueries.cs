using Allocation.Application.Reads;

namespace Allocation.Application.Ports;

/// <summary>
/// What the people who run the service ask, and other services do not: how much stock there is,
/// which SKUs start with some text, what happened to an order, and how busy the last minutes were.
/// Read from committed data, without locks, like <see cref="IAllocationQueries"/>.
/// </summary>
public interface IOperatorQueries
{
    /// <summary>Counts across the whole store: SKUs, batches, allocated lines, and SKUs with no stock free.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The counts, all from one read.</returns>
    Task<StockCounts> StockCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>Products whose SKU starts with <paramref name="prefix"/>, in the listing's SKU order, after <paramref name="afterSku"/>.</summary>
    /// <param name="prefix">The start of the SKU (case-sensitive); empty for every product.</param>
    /// <param name="afterSku">The last SKU of the previous page, or the empty string for the first page.</param>
    /// <param name="limit">The most products to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> products.</returns>
    Task<IReadOnlyList<ProductSummary>> ProductsStartingWithAsync(string prefix, string afterSku, int limit, CancellationToken cancellationToken = default);

    /// <summary>An order's lines as they stand, and every event the log still holds about them.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="limit">The most events to return, newest kept when there are more.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The order's lines (empty when none is allocated) and its events in log order.</returns>
    Task<OrderHistory> OrderHistoryAsync(string orderId, int limit, CancellationToken cancellationToken = default);

    /// <summary>How many allocations and out-of-stock events committed in each second since <paramref name="since"/>.</summary>
    /// <param name="since">The first second to count.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One entry per second that had either, oldest first.</returns>
    Task<IReadOnlyList<ActivitySecond>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}
