namespace Allocation.Application.Reads;

/// <summary>One line of an order and the batch it is allocated to.</summary>
/// <param name="Sku">The SKU of the line.</param>
/// <param name="BatchReference">The batch holding it.</param>
public sealed record OrderAllocation(string Sku, string BatchReference);
