using Allocation.Domain.Errors;
using Allocation.Domain;

namespace Allocation.Application.Errors;

/// <summary>The SKU names no product (no batch of it was ever added).</summary>
public sealed class InvalidSkuException : AllocationException
{
    /// <summary>The stable code of this failure.</summary>
    public const string ErrorCode = "invalid-sku";

    /// <summary>Creates the exception; its message is the reference service's <c>Invalid sku X</c>.</summary>
    /// <param name="sku">The unknown SKU.</param>
    public InvalidSkuException(string sku)
        : base(ErrorCode, $"Invalid sku {sku}")
    {
        Sku = sku;
    }

    /// <summary>The unknown SKU.</summary>
    public string Sku { get; }
}
