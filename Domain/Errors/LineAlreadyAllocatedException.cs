namespace Allocation.Domain.Errors;

/// <summary>
/// The order already holds an allocation for this SKU with a different quantity. Allocating the
/// same line again with the same quantity is not an error: it returns the existing batch.
/// </summary>
public sealed class LineAlreadyAllocatedException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "line-already-allocated";

    /// <summary>Creates the exception.</summary>
    /// <param name="requested">The line that was asked for.</param>
    /// <param name="existing">The line the order already holds.</param>
    /// <param name="batchReference">The batch that holds <paramref name="existing"/>.</param>
    public LineAlreadyAllocatedException(OrderLine requested, OrderLine existing, string batchReference)
        : base(ErrorCode,
            $"Order {existing.OrderId} already has {existing.Quantity} of sku {existing.Sku} allocated to batch " +
            $"{batchReference}; it cannot be allocated again with quantity {requested.Quantity}.")
    {
        Requested = requested;
        Existing = existing;
        BatchReference = batchReference;
    }

    /// <summary>The line that was asked for.</summary>
    public OrderLine Requested { get; }

    /// <summary>The line the order already holds.</summary>
    public OrderLine Existing { get; }

    /// <summary>The batch holding <see cref="Existing"/>.</summary>
    public string BatchReference { get; }
}
