namespace Allocation.Domain;

/// <summary>
/// A value object: a quantity of one SKU that a customer ordered. Within a product, a line is
/// identified by its <see cref="OrderId"/> (an order holds at most one line per SKU).
/// </summary>
public sealed record OrderLine
{
    /// <summary>Creates an order line.</summary>
    /// <param name="orderId">The order's identifier (see <see cref="Identifier"/>).</param>
    /// <param name="sku">The stock-keeping unit ordered (see <see cref="Identifier"/>).</param>
    /// <param name="quantity">How many units; at least 1.</param>
    /// <exception cref="ArgumentException">An identifier is blank, too long or has control characters.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantity"/> is less than 1.</exception>
    public OrderLine(string orderId, string sku, int quantity)
    {
        OrderId = Identifier.Guard(orderId, nameof(orderId));
        Sku = Identifier.Guard(sku, nameof(sku));
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, MinimumQuantity);
        Quantity = quantity;
    }

    /// <summary>The smallest quantity an order line can have.</summary>
    public const int MinimumQuantity = 1;

    /// <summary>The order this line belongs to.</summary>
    public string OrderId { get; }

    /// <summary>The stock-keeping unit ordered.</summary>
    public string Sku { get; }

    /// <summary>How many units were ordered.</summary>
    public int Quantity { get; }
}
