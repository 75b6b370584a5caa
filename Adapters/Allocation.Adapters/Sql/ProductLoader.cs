using Allocation.Application.Ports;
using Allocation.Domain;
using Dapper;

namespace Allocation.Adapters.Sql;

/// <summary>
/// Reads a product for a change: its version (after its writer lock, where the engine has one), its batches with
/// their totals, and only the order lines <see cref="LinesToLoad"/> asks for. One round trip for
/// everything but the lines a quantity change takes back, which are read newest first in pages.
/// Built by its <see cref="SqlEngine"/>, with that engine's statements.
/// </summary>
/// <param name="lockProduct">Waits for the product's writer lock, or <see langword="null"/> where nothing is locked here.</param>
/// <param name="selectLinesOfOrders">Selects the lines of several orders (<see cref="SqlEngine.SelectLinesOfOrders"/>).</param>
internal sealed class ProductLoader(string? lockProduct, string selectLinesOfOrders)
{
    internal const string SelectProduct = "SELECT version_number AS Version FROM products WHERE sku = @Sku;";

    internal const string SelectBatches =
        "SELECT id AS Id, reference AS Reference, purchased_quantity AS PurchasedQuantity, " +
        "allocated_quantity AS AllocatedQuantity, eta AS Eta FROM batches WHERE sku = @Sku ORDER BY id;";

    internal const string SelectOrderLine =
        "SELECT id AS Id, batch_id AS BatchId, orderid AS OrderId, quantity AS Quantity FROM allocations WHERE " + OrderLineKey.Where + ";";

    private const string SelectAllLines =
        "SELECT id AS Id, batch_id AS BatchId, orderid AS OrderId, quantity AS Quantity FROM allocations WHERE sku = @Sku ORDER BY id;";

    internal const string SelectNewestLines =
        "SELECT id AS Id, batch_id AS BatchId, orderid AS OrderId, quantity AS Quantity FROM allocations " +
        "WHERE batch_id = @BatchId AND id < @Before ORDER BY id DESC LIMIT @Take;";

    public async Task<Product?> LoadAsync(SqlSession session, string sku, LinesToLoad lines, CancellationToken cancellationToken)
    {
        var loaded = await ReadAsync(session, sku, lines, cancellationToken).ConfigureAwait(false);
        if (loaded is not { } found)
        {
            return null;
        }

        var (version, batches, orderLines) = found;
        if (lines is LinesToLoad.TakeBackLines takeBack && batches.Find(b => b.Reference == takeBack.BatchReference) is { } shrinking)
        {
            orderLines = await NewestCoveringAsync(session, shrinking, shrinking.AllocatedQuantity - takeBack.NewQuantity, cancellationToken)
                .ConfigureAwait(false);
        }

        var linesByBatch = orderLines.OrderBy(line => line.Id).ToLookup(line => line.BatchId);
        return new Product(sku, batches.Select(batch => Batch.Restore(
            batch.Reference, sku, batch.PurchasedQuantity, batch.Eta, batch.AllocatedQuantity,
            linesByBatch[batch.Id].Select(line => new OrderLine(line.OrderId, sku, line.Quantity)))), version);
    }

    private async Task<(int Version, List<BatchRow> Batches, List<LineRow> Lines)?> ReadAsync(
        SqlSession session, string sku, LinesToLoad lines, CancellationToken cancellationToken)
    {
        var orders = (lines as LinesToLoad.OrderLines)?.OrderIds;
        var selectLines = lines switch
        {
            LinesToLoad.OrderLines { OrderIds.Count: 1 } => SelectOrderLine,
            LinesToLoad.OrderLines => selectLinesOfOrders,
            LinesToLoad.AllLines => SelectAllLines,
            _ => "",
        };
        var parameters = new { Sku = sku, OrderId = orders?[0], OrderIds = orders is { Count: > 1 } ? orders.ToArray() : null };
        var command = new CommandDefinition(
            lockProduct + SelectProduct + SelectBatches + selectLines, parameters, session.Transaction, cancellationToken: cancellationToken);
        var grid = await session.Connection.QueryMultipleAsync(command).ConfigureAwait(false);
        await using (grid.ConfigureAwait(false))
        {
            if (lockProduct is not null)
            {
                await grid.ReadAsync().ConfigureAwait(false); // the lock: each statement after it reads what its holder committed
            }

            var version = (await grid.ReadAsync<int>().ConfigureAwait(false)).Cast<int?>().SingleOrDefault();
            var batches = (await grid.ReadAsync<BatchRow>().ConfigureAwait(false)).AsList();
            var lineRows = selectLines.Length == 0 ? [] : (await grid.ReadAsync<LineRow>().ConfigureAwait(false)).AsList();
            return version is { } found ? (found, batches, lineRows) : null;
        }
    }

    /// <summary>The lines the domain's rule takes back from a batch, read newest first a page at a time.</summary>
    private static async Task<List<LineRow>> NewestCoveringAsync(SqlSession session, BatchRow batch, int excess, CancellationToken cancellationToken)
    {
        var taken = new List<LineRow>();
        var before = long.MaxValue;
        var take = 16;
        while (excess > 0)
        {
            var page = (await session.Connection.QueryAsync<LineRow>(new CommandDefinition(
                SelectNewestLines, new { BatchId = batch.Id, Before = before, Take = take }, session.Transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false)).AsList();
            var fromPage = Batch.NewestUntilItFits(page, line => line.Quantity, excess).ToList();
            taken.AddRange(fromPage);
            excess -= fromPage.Sum(line => line.Quantity);
            if (page.Count < take)
            {
                break;
            }

            before = page[^1].Id;
            take = Math.Min(take * 4, 4096);
        }

        return taken;
    }

    private sealed class BatchRow
    {
        public long Id { get; init; }

        public string Reference { get; init; } = "";

        public int PurchasedQuantity { get; init; }

        public int AllocatedQuantity { get; init; }

        public DateOnly? Eta { get; init; }
    }

    private sealed class LineRow
    {
        public long Id { get; init; }

        public long BatchId { get; init; }

        public string OrderId { get; init; } = "";

        public int Quantity { get; init; }
    }
}
