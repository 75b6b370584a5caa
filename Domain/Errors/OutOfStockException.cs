namespace Allocation.Domain.Errors;

/// <summary>No batch of the product has enough available stock for the order line.</summary>
public sealed class OutOfStockException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "out-of-stock";

    /// <summary>Creates the exception for the line that could not be allocated.</summary>
    /// <param name="line">The order line no batch could take.</param>
    public OutOfStockException(OrderLine line)
        : base(ErrorCode, $"Out of stock for sku {line.Sku}: no batch has {line.Quantity} available for order {line.OrderId}.")
    {
        Line = line;
    }

    /// <summary>The order line that could not be allocated.</summary>
    public OrderLine Line { get; }
}
