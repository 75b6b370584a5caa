using System.Globalization;
using System.Text.Json.Serialization;
using Allocation.Application;

namespace Allocation.Host.Contracts;

/// <summary>A new batch: <c>{"ref", "sku", "qty", "eta": "YYYY-MM-DD" or null}</c>.</summary>
/// <param name="Ref">The batch reference.</param>
/// <param name="Sku">The SKU it holds.</param>
/// <param name="Qty">The units bought; zero or more.</param>
/// <param name="Eta">Arrival date as <c>YYYY-MM-DD</c>; null or absent for warehouse stock.</param>
public sealed record BatchRequest(
    [property: JsonPropertyName("ref")] string? Ref,
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("qty")] int? Qty,
    [property: JsonPropertyName("eta")] string? Eta);

/// <summary>A batch's new purchased quantity: <c>{"qty"}</c>.</summary>
/// <param name="Qty">The new purchased quantity; zero or more.</param>
public sealed record BatchQuantityRequest([property: JsonPropertyName("qty")] int? Qty);

/// <summary>An order line to allocate: <c>{"orderid", "sku", "qty"}</c>.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU ordered.</param>
/// <param name="Qty">The units ordered; at least 1.</param>
public sealed record AllocationRequest(
    [property: JsonPropertyName("orderid")] string? OrderId,
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("qty")] int? Qty);

/// <summary>Reads request fields that are not plain strings, collecting problems under their JSON names.</summary>
internal static class RequestFields
{
    public static DateOnly? Eta(InputRules rules, string? eta)
    {
        if (eta is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(eta, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        rules.Problem("eta", "must be a date written YYYY-MM-DD, or null for warehouse stock");
        return null;
    }
}
