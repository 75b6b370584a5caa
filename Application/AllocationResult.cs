namespace Allocation.Application;

/// <summary>The outcome of <see cref="AllocationService.AllocateAsync"/>.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU allocated.</param>
/// <param name="Quantity">The units allocated.</param>
/// <param name="BatchReference">The batch that holds the line.</param>
/// <param name="WasAlreadyAllocated">
/// <see langword="true"/> when the order already held this exact line, so this call changed nothing
/// (a client's retry); <see langword="false"/> when this call made the allocation.
/// </param>
public sealed record AllocationResult(string OrderId, string Sku, int Quantity, string BatchReference, bool WasAlreadyAllocated);
