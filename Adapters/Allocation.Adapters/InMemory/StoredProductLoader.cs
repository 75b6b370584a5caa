using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.InMemory;

/// <summary>Builds a domain <see cref="Product"/> from its stored form, with only the lines asked for.</summary>
internal static class StoredProductLoader
{
    public static Product Load(StoredProduct stored, LinesToLoad lines) =>
        new(stored.Sku, stored.Batches.Select(batch => Batch.Restore(
            batch.Reference, stored.Sku, batch.PurchasedQuantity, batch.Eta, batch.AllocatedQuantity,
            Select(batch, lines).Select(line => new OrderLine(line.OrderId, stored.Sku, line.Quantity)))), stored.Version);

    private static IEnumerable<StoredLine> Select(StoredBatch batch, LinesToLoad lines) => lines switch
    {
        LinesToLoad.NoLines => [],
        LinesToLoad.AllLines => batch.Lines,
        LinesToLoad.OrderLines orders => batch.Lines.Where(line => orders.OrderIds.Contains(line.OrderId)),
        LinesToLoad.TakeBackLines takeBack when takeBack.BatchReference == batch.Reference =>
            NewestCovering(batch, excess: batch.AllocatedQuantity - takeBack.NewQuantity),
        LinesToLoad.TakeBackLines => [],
        _ => throw new ArgumentOutOfRangeException(nameof(lines), lines, "Unknown kind of lines to load."),
    };

    /// <summary>The lines the domain's rule takes back, oldest first, as a batch lists them.</summary>
    private static IEnumerable<StoredLine> NewestCovering(StoredBatch batch, int excess) =>
        Batch.NewestUntilItFits(batch.Lines.Reverse(), line => line.Quantity, excess).Reverse();
}
