using System.Collections.Immutable;

namespace Allocation.Adapters.InMemory;

/// <summary>A committed product, immutable: a commit replaces it whole.</summary>
internal sealed record StoredProduct(string Sku, int Version, ImmutableList<StoredBatch> Batches);

/// <summary>A committed batch; its lines are in allocation order, oldest first.</summary>
internal sealed record StoredBatch(string Reference, int PurchasedQuantity, DateOnly? Eta, ImmutableList<StoredLine> Lines)
{
    public int AllocatedQuantity { get; } = Lines.Sum(line => line.Quantity);
}

/// <summary>A committed allocation; <paramref name="Sequence"/> orders allocations across the store.</summary>
internal sealed record StoredLine(string OrderId, int Quantity, long Sequence);
