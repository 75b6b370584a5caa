using Allocation.Application.Ports;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>Open out-of-stock episodes in the table <c>out_of_stock_notices</c>, one row per SKU.</summary>
internal sealed class SqlOutOfStockNotices(SqlEngine engine) : IOutOfStockNotices
{
    public async Task<bool> IsOpenAsync(string sku, CancellationToken cancellationToken = default) =>
        await engine.ReadAsync(connection => connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM out_of_stock_notices WHERE sku = @Sku;", new { Sku = sku }, cancellationToken: cancellationToken)), cancellationToken)
            .ConfigureAwait(false) > 0;

    public Task OpenAsync(string sku, long position, DateTimeOffset notifiedAt, CancellationToken cancellationToken = default) =>
        engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO out_of_stock_notices (sku, position, notified_at) VALUES (@Sku, @Position, @At) " +
            "ON CONFLICT (sku) DO UPDATE SET position = @Position, notified_at = @At;",
            new { Sku = sku, Position = position, At = engine.Timestamp(notifiedAt) }, transaction, cancellationToken: cancellationToken)), cancellationToken);

    public Task CloseAsync(string sku, CancellationToken cancellationToken = default) =>
        engine.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM out_of_stock_notices WHERE sku = @Sku;", new { Sku = sku }, transaction, cancellationToken: cancellationToken)), cancellationToken);
}
