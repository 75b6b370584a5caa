using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>The read side on a SQL database: plain selects on a pooled connection, no transaction, no locks.</summary>
internal sealed class SqlAllocationQueries(SqlEngine engine) : IAllocationQueries
{
    private const string SelectBatch =
        "SELECT reference AS Reference, sku AS Sku, purchased_quantity AS PurchasedQuantity, eta AS Eta, " +
        "allocated_quantity AS AllocatedQuantity FROM batches";

    public Task<IReadOnlyList<OrderAllocation>> AllocationsForOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        engine.ReadAsync(async connection => (IReadOnlyList<OrderAllocation>)(await connection.QueryAsync<AllocationRow>(new CommandDefinition(
                "SELECT a.sku AS Sku, b.reference AS BatchReference FROM allocations a JOIN batches b ON b.id = a.batch_id " +
                "WHERE a.orderid = @OrderId ORDER BY a.id;",
                new { OrderId = orderId }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(row => new OrderAllocation(row.Sku, row.BatchReference)).ToList(), cancellationToken);

    public Task<BatchView?> BatchAsync(string reference, CancellationToken cancellationToken = default) =>
        engine.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            SelectBatch + " WHERE reference = @Reference;", new { Reference = reference }, cancellationToken: cancellationToken))
            .ConfigureAwait(false))?.ToView(), cancellationToken);

    public async Task<IReadOnlyList<BatchView>> BatchesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            return [];
        }

        var rows = await engine.ReadAsync(connection => connection.QueryAsync<BatchRow>(new CommandDefinition(
            engine.SelectBatchesByReference(SelectBatch), new { References = references.Distinct(StringComparer.Ordinal).ToArray() },
            cancellationToken: cancellationToken)), cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => row.ToView())];
    }

    public Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default) =>
        engine.ReadAsync(async connection =>
        {
            var grid = await connection.QueryMultipleAsync(new CommandDefinition(
                "SELECT version_number FROM products WHERE sku = @Sku; " + SelectBatch + " WHERE sku = @Sku ORDER BY id;",
                new { Sku = sku }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await using (grid.ConfigureAwait(false))
            {
                var version = (await grid.ReadAsync<int>().ConfigureAwait(false)).Cast<int?>().SingleOrDefault();
                var batches = await grid.ReadAsync<BatchRow>().ConfigureAwait(false);
                return version is { } found ? new ProductView(sku, found, [.. batches.Select(row => row.ToView())]) : null;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<ProductSummary>> ProductsAsync(string afterSku, int limit, CancellationToken cancellationToken = default) =>
        ListProductsAsync(engine, "", afterSku, limit, cancellationToken);

    /// <summary>A page of products with their totals, those whose SKU starts with <paramref name="prefix"/> when it is not empty.</summary>
    internal static Task<IReadOnlyList<ProductSummary>> ListProductsAsync(
        SqlEngine engine, string prefix, string afterSku, int limit, CancellationToken cancellationToken) =>
        engine.ReadAsync(async connection => (IReadOnlyList<ProductSummary>)(await connection.QueryAsync<SummaryRow>(new CommandDefinition(
                // One pass over the products' primary key and the batches' sku index; no aggregate is loaded.
                // A prefix starts the pass at itself and keeps the SKUs that begin with it.
                "SELECT p.sku AS Sku, p.version_number AS VersionNumber, " +
                "COALESCE(SUM(b.purchased_quantity), 0) AS Purchased, COALESCE(SUM(b.allocated_quantity), 0) AS Allocated " +
                "FROM products p LEFT JOIN batches b ON b.sku = p.sku WHERE p.sku > @After " +
                (prefix.Length > 0 ? "AND p.sku >= @Prefix AND substr(p.sku, 1, @Length) = @Prefix " : "") +
                "GROUP BY p.sku, p.version_number ORDER BY p.sku LIMIT @Limit;",
                new { After = afterSku, Limit = limit, Prefix = prefix, Length = prefix.EnumerateRunes().Count() },
                cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(row => new ProductSummary(row.Sku, row.VersionNumber, row.Purchased, row.Allocated)).ToList(), cancellationToken);

    public Task<IReadOnlyList<ProductAllocation>> AllocationsOfProductAsync(string sku, long after, int limit, CancellationToken cancellationToken = default) =>
        engine.ReadAsync(async connection => (IReadOnlyList<ProductAllocation>)(await connection.QueryAsync<LineRow>(new CommandDefinition(
                "SELECT a.id AS Id, a.orderid AS OrderId, a.quantity AS Quantity, b.reference AS BatchReference " +
                "FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE a.sku = @Sku AND a.id > @After ORDER BY a.id LIMIT @Limit;",
                new { Sku = sku, After = after, Limit = limit }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(row => new ProductAllocation(row.Id, row.OrderId, row.Quantity, row.BatchReference)).ToList(), cancellationToken);

    private sealed class SummaryRow
    {
        public string Sku { get; init; } = "";

        public int VersionNumber { get; init; }

        public long Purchased { get; init; }

        public long Allocated { get; init; }
    }

    private sealed class LineRow
    {
        public long Id { get; init; }

        public string OrderId { get; init; } = "";

        public int Quantity { get; init; }

        public string BatchReference { get; init; } = "";
    }

    private sealed class AllocationRow
    {
        public string Sku { get; init; } = "";

        public string BatchReference { get; init; } = "";
    }

    private sealed class BatchRow
    {
        public string Reference { get; init; } = "";

        public string Sku { get; init; } = "";

        public int PurchasedQuantity { get; init; }

        public DateOnly? Eta { get; init; }

        public int AllocatedQuantity { get; init; }

        public BatchView ToView() => new(Reference, Sku, PurchasedQuantity, Eta, AllocatedQuantity);
    }
}
