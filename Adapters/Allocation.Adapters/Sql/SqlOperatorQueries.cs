using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Allocation.Domain.Events;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>The operator's questions on a SQL database: counts, SKU search, an order's history, recent activity.</summary>
internal sealed class SqlOperatorQueries(SqlEngine engine) : IOperatorQueries
{
    public Task<StockCounts> StockCountsAsync(CancellationToken cancellationToken = default) =>
        engine.ReadAsync(async connection =>
        {
            var row = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(
                "SELECT (SELECT COUNT(*) FROM products) AS Skus, (SELECT COUNT(*) FROM batches) AS Batches, " +
                "(SELECT COUNT(*) FROM allocations) AS AllocatedLines, (SELECT COUNT(*) FROM " +
                "(SELECT sku FROM batches GROUP BY sku HAVING SUM(purchased_quantity - allocated_quantity) = 0) AS empty) AS OutOfStockSkus;",
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new StockCounts(row.Skus, row.Batches, row.AllocatedLines, row.OutOfStockSkus);
        }, cancellationToken);

    public Task<IReadOnlyList<ProductSummary>> ProductsStartingWithAsync(string prefix, string afterSku, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return SqlAllocationQueries.ListProductsAsync(engine, prefix, afterSku, limit, cancellationToken);
    }

    public async Task<OrderHistory> OrderHistoryAsync(string orderId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // The log has no index on the order id: the search reads it once, newest first (retention keeps it bounded).
        var needle = EventPayload.LinePayloadStart(orderId);
        var (lines, events) = await engine.ReadAsync(async connection =>
        {
            using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                "SELECT a.sku AS Sku, a.quantity AS Quantity, b.reference AS BatchReference, b.eta AS Eta " +
                "FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE a.orderid = @OrderId ORDER BY a.id; " +
                "SELECT position AS Position, type AS Type, sku AS Sku, data AS Data, occurred_at AS OccurredAt FROM event_log " +
                $"WHERE {engine.Contains("data", "@Needle")} ORDER BY position DESC LIMIT @Limit;",
                new { OrderId = orderId, Needle = needle, Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var found = (await results.ReadAsync<LineRow>().ConfigureAwait(false)).ToList();
            return (found, (await results.ReadAsync<EventRow>().ConfigureAwait(false)).ToList());
        }, cancellationToken).ConfigureAwait(false);
        return new OrderHistory(
            orderId,
            [.. lines.Select(line => new OrderLineView(line.Sku, line.Quantity, line.BatchReference, line.Eta))],
            [.. events.AsEnumerable().Reverse().Select(row => row.ToEvent(engine))]);
    }

    public async Task<IReadOnlyList<ActivitySecond>> ActivityAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var second = engine.SecondOf("occurred_at");
        var rows = await engine.ReadAsync(connection => connection.QueryAsync<ActivityRow>(new CommandDefinition(
            $"SELECT {second} AS Second, SUM(CASE WHEN type = '{nameof(Allocated)}' THEN 1 ELSE 0 END) AS Allocated, " +
            $"SUM(CASE WHEN type = '{nameof(OutOfStock)}' THEN 1 ELSE 0 END) AS OutOfStock FROM event_log " +
            $"WHERE occurred_at >= @Since AND type IN ('{nameof(Allocated)}', '{nameof(OutOfStock)}') GROUP BY {second} ORDER BY {second};",
            new { Since = engine.Timestamp(since) }, cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new ActivitySecond(engine.ReadTimestamp(row.Second), (int)row.Allocated, (int)row.OutOfStock))];
    }

    private sealed class CountsRow
    {
        public long Skus { get; init; }

        public long Batches { get; init; }

        public long AllocatedLines { get; init; }

        public long OutOfStockSkus { get; init; }
    }

    private sealed class LineRow
    {
        public string Sku { get; init; } = "";

        public int Quantity { get; init; }

        public string BatchReference { get; init; } = "";

        public DateOnly? Eta { get; init; }
    }

    private sealed class ActivityRow
    {
        public object Second { get; init; } = "";

        public long Allocated { get; init; }

        public long OutOfStock { get; init; }
    }
}
