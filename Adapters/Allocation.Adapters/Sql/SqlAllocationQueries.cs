using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>The read side on a SQL database: plain selects on a pooled connection, no transaction, no locks.</summary>
internal sealed class SqlAllocationQueries(SqlDialect dialect) : IAllocationQueries
{
    private const string SelectBatch =
        "SELECT reference AS Reference, sku AS Sku, purchased_quantity AS PurchasedQuantity, eta AS Eta, " +
        "allocated_quantity AS AllocatedQuantity FROM batches";

    public Task<IReadOnlyList<OrderAllocation>> AllocationsForOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        dialect.ReadAsync(async connection => (IReadOnlyList<OrderAllocation>)(await connection.QueryAsync<AllocationRow>(new CommandDefinition(
                "SELECT a.sku AS Sku, b.reference AS BatchReference FROM allocations a JOIN batches b ON b.id = a.batch_id " +
                "WHERE a.orderid = @OrderId ORDER BY a.id;",
                new { OrderId = orderId }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(row => new OrderAllocation(row.Sku, row.BatchReference)).ToList(), cancellationToken);

    public Task<BatchView?> BatchAsync(string reference, CancellationToken cancellationToken = default) =>
        dialect.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(
            SelectBatch + " WHERE reference = @Reference;", new { Reference = reference }, cancellationToken: cancellationToken))
            .ConfigureAwait(false))?.ToView(), cancellationToken);

    public Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default) =>
        dialect.ReadAsync(async connection =>
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
