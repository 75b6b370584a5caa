namespace Allocation.Adapters.Sql;

/// <summary>
/// How a statement finds an order's line for one SKU: through the order id, which leads the
/// unique (orderid, sku) index, with the SKU compared as a filter (an order has a handful of lines).
/// </summary>
/// <remarks>
/// Written plainly, <c>sku = @Sku</c> also fits the (sku, id) index. A connection prepares the
/// lookup in its first seconds, when a new database's allocations table is empty: PostgreSQL's
/// generic plan then costs both indexes the same, takes the SKU's, and keeps it for the connection's
/// life, reading every line of the SKU on each call until autovacuum's first analyze (issue 26:
/// 191 buffers a lookup where 3 do). <c>sku || ''</c> is not indexable, so only the order id's index fits.
/// PostgresPlanTests holds it.
/// </remarks>
internal static class OrderLineKey
{
    /// <summary>The SKU, compared as a filter.</summary>
    public const string SkuFilter = "sku || '' = @Sku";

    /// <summary>One order's line for one SKU.</summary>
    public const string Where = "orderid = @OrderId AND " + SkuFilter;
}
