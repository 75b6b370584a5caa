namespace Allocation.Domain.Errors;

/// <summary>The order holds no allocation for the SKU, so there is nothing to deallocate.</summary>
public sealed class LineNotAllocatedException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "line-not-allocated";

    /// <summary>Creates the exception.</summary>
    /// <param name="orderId">The order asked about.</param>
    /// <param name="sku">The SKU asked about.</param>
    public LineNotAllocatedException(string orderId, string sku)
        : base(ErrorCode, $"Order {orderId} has no allocation for sku {sku}.")
    {
        OrderId = orderId;
        Sku = sku;
    }

    /// <summary>The order asked about.</summary>
    public string OrderId { get; }

    /// <summary>The SKU asked about.</summary>
    public string Sku { get; }
}
