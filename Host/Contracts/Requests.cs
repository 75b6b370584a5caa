using System.Globalization;
using System.Text.Json.Serialization;
using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Domain;

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
    [property: JsonPropertyName("eta")] string? Eta)
{
    /// <summary>The command this request asks for; every bad field is named, by its JSON name, in one problem.</summary>
    /// <exception cref="Application.Errors.InvalidInputException">A field is missing or invalid.</exception>
    internal AddBatch ToCommand()
    {
        var rules = new InputRules().Identifier("ref", Ref).Identifier("sku", Sku).Required("qty", Qty, Batch.MinimumQuantity);
        var eta = ParseEta(rules, Eta);
        rules.ThrowIfBroken();
        return new AddBatch(Ref!, Sku!, Qty!.Value, eta);
    }

    private static DateOnly? ParseEta(InputRules rules, string? eta)
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

/// <summary>A batch's new purchased quantity: <c>{"qty"}</c>.</summary>
/// <param name="Qty">The new purchased quantity; zero or more.</param>
public sealed record BatchQuantityRequest([property: JsonPropertyName("qty")] int? Qty)
{
    /// <summary>The command for the batch named in the route.</summary>
    /// <param name="reference">The route's <c>ref</c>.</param>
    /// <exception cref="Application.Errors.InvalidInputException">The reference or the quantity is invalid.</exception>
    internal ChangeBatchQuantity ToCommand(string reference)
    {
        new InputRules().Identifier("ref", reference).Required("qty", Qty, Batch.MinimumQuantity).ThrowIfBroken();
        return new ChangeBatchQuantity(reference, Qty!.Value);
    }
}

/// <summary>An order line to allocate: <c>{"orderid", "sku", "qty"}</c>.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU ordered.</param>
/// <param name="Qty">The units ordered; at least 1.</param>
public sealed record AllocationRequest(
    [property: JsonPropertyName("orderid")] string? OrderId,
    [property: JsonPropertyName("sku")] string? Sku,
    [property: JsonPropertyName("qty")] int? Qty)
{
    /// <summary>The command this request asks for; every bad field is named in one problem.</summary>
    /// <exception cref="Application.Errors.InvalidInputException">A field is missing or invalid.</exception>
    internal Allocate ToCommand()
    {
        new InputRules().Identifier("orderid", OrderId).Identifier("sku", Sku).Required("qty", Qty, OrderLine.MinimumQuantity).ThrowIfBroken();
        return new Allocate(OrderId!, Sku!, Qty!.Value);
    }
}
