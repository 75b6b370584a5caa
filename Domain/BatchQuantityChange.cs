namespace Allocation.Domain;

/// <summary>What <see cref="Product.ChangeBatchQuantity"/> did to the order lines of the batch it shrank.</summary>
/// <param name="Reference">The batch whose quantity changed.</param>
/// <param name="PreviousQuantity">Its purchased quantity before the change.</param>
/// <param name="NewQuantity">Its purchased quantity after the change.</param>
/// <param name="Reallocated">Lines taken back and allocated to another batch, newest first.</param>
/// <param name="Unallocated">Lines taken back that no other batch could take: they lost their stock. Newest first.</param>
public sealed record BatchQuantityChange(
    string Reference,
    int PreviousQuantity,
    int NewQuantity,
    IReadOnlyList<Reallocation> Reallocated,
    IReadOnlyList<OrderLine> Unallocated);

/// <summary>An order line moved from one batch to another by a quantity change.</summary>
/// <param name="Line">The order line.</param>
/// <param name="FromBatch">The batch that was shrunk.</param>
/// <param name="ToBatch">The batch that took the line.</param>
public sealed record Reallocation(OrderLine Line, string FromBatch, string ToBatch);
