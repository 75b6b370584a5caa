namespace Allocation.Application.Reads;

/// <summary>An order line allocated from a product, in a listing of the product's allocations.</summary>
/// <param name="Position">Where the line comes in the listing: pass it as <c>after</c> to read on.</param>
/// <param name="OrderId">The order.</param>
/// <param name="Quantity">The units allocated.</param>
/// <param name="BatchReference">The batch that holds it.</param>
public sealed record ProductAllocation(long Position, string OrderId, int Quantity, string BatchReference);
