using Allocation.Domain;

namespace Allocation.Adapters.Tracking;

/// <summary>
/// The writes that take a product from its <see cref="ProductSnapshot"/> to its current state.
/// Batches only gain lines at the end, so a batch's lines that kept their loaded order form a
/// prefix; every other line is new to the batch (allocated, moved in, or removed and re-added).
/// </summary>
internal sealed class ProductChanges
{
    private ProductChanges(
        Product product, int? expectedVersion, List<Batch> added, List<Batch> updated,
        List<RemovedLine> removed, List<AddedLine> addedLines)
    {
        Product = product;
        ExpectedVersion = expectedVersion;
        AddedBatches = added;
        UpdatedBatches = updated;
        RemovedLines = removed;
        AddedLines = addedLines;
    }

    public Product Product { get; }

    /// <summary>The version the store must still hold, or <see langword="null"/> when the product is new.</summary>
    public int? ExpectedVersion { get; }

    public IReadOnlyList<Batch> AddedBatches { get; }

    /// <summary>Batches that existed before and whose purchased or allocated quantity changed.</summary>
    public IReadOnlyList<Batch> UpdatedBatches { get; }

    /// <summary>Lines to delete from where they were loaded; write these before <see cref="AddedLines"/>.</summary>
    public IReadOnlyList<RemovedLine> RemovedLines { get; }

    /// <summary>Lines to insert as the newest of their batch, in this order.</summary>
    public IReadOnlyList<AddedLine> AddedLines { get; }

    /// <summary>Whether the product changed at all (its version moves with every change).</summary>
    public bool HasChanges => ExpectedVersion != Product.VersionNumber;

    public static ProductChanges Between(ProductSnapshot loaded, Product current)
    {
        var added = new List<Batch>();
        var updated = new List<Batch>();
        var removedLines = new List<RemovedLine>();
        var addedLines = new List<AddedLine>();
        var stillHeld = new HashSet<string>(StringComparer.Ordinal);

        foreach (var batch in current.Batches)
        {
            if (!loaded.Batches.TryGetValue(batch.Reference, out var before))
            {
                added.Add(batch);
                addedLines.AddRange(batch.Allocations.Select(line => new AddedLine(line, batch.Reference)));
                continue;
            }

            if (before.PurchasedQuantity != batch.PurchasedQuantity || before.AllocatedQuantity != batch.AllocatedQuantity)
            {
                updated.Add(batch);
            }

            var kept = KeptPrefixLength(before.Lines, batch.Allocations);
            stillHeld.UnionWith(batch.Allocations.Take(kept).Select(line => line.OrderId));
            addedLines.AddRange(batch.Allocations.Skip(kept).Select(line => new AddedLine(line, batch.Reference)));
        }

        foreach (var (reference, before) in loaded.Batches)
        {
            removedLines.AddRange(before.Lines
                .Where(line => !stillHeld.Contains(line.OrderId))
                .Select(line => new RemovedLine(line.OrderId, reference)));
        }

        return new ProductChanges(current, loaded.Version, added, updated, removedLines, addedLines);
    }

    private static int KeptPrefixLength(IReadOnlyList<OrderLine> before, IReadOnlyList<OrderLine> now)
    {
        var next = 0; // index in `before` the next kept line must come at or after
        var kept = 0;
        foreach (var line in now)
        {
            var index = IndexOf(before, line, next);
            if (index < 0)
            {
                break;
            }

            next = index + 1;
            kept++;
        }

        return kept;
    }

    private static int IndexOf(IReadOnlyList<OrderLine> lines, OrderLine line, int start)
    {
        for (var i = start; i < lines.Count; i++)
        {
            if (lines[i] == line)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>An order line to delete from the batch it was loaded in.</summary>
internal sealed record RemovedLine(string OrderId, string BatchReference);

/// <summary>An order line to insert as the newest of a batch.</summary>
internal sealed record AddedLine(OrderLine Line, string BatchReference);
