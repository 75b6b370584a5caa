using System.Globalization;
using System.Text.Json.Serialization;
using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Application.Reads;
using Allocation.Domain;

namespace Allocation.Host.Contracts;

/// <summary>A batch and its totals.</summary>
/// <param name="Ref">The batch reference.</param>
/// <param name="Sku">The SKU it holds.</param>
/// <param name="Qty">The units bought.</param>
/// <param name="Eta">Arrival date (<c>YYYY-MM-DD</c>), or null for warehouse stock.</param>
/// <param name="Allocated">Units allocated to order lines.</param>
/// <param name="Available">Units still free.</param>
public sealed record BatchResponse(
    [property: JsonPropertyName("ref")] string Ref,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("qty")] int Qty,
    [property: JsonPropertyName("eta")] string? Eta,
    [property: JsonPropertyName("allocated")] int Allocated,
    [property: JsonPropertyName("available")] int Available)
{
    /// <summary>A batch just added: nothing allocated yet, so its view follows from the command, no query needed.</summary>
    internal static BatchResponse From(AddBatch added) => From(new BatchView(added.Reference, added.Sku, added.Quantity, added.Eta, AllocatedQuantity: 0));

    internal static BatchResponse From(BatchView batch) => new(
        batch.Reference, batch.Sku, batch.PurchasedQuantity, batch.Eta?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        batch.AllocatedQuantity, batch.AvailableQuantity);
}

/// <summary>A batch after a quantity change, with what happened to the lines taken back.</summary>
/// <param name="Batch">The batch now.</param>
/// <param name="Reallocated">Lines moved to another batch, newest first.</param>
/// <param name="Unallocated">Lines that lost their stock, newest first.</param>
public sealed record BatchChangeResponse(
    [property: JsonPropertyName("batch")] BatchResponse Batch,
    [property: JsonPropertyName("reallocated")] IReadOnlyList<ReallocatedLine> Reallocated,
    [property: JsonPropertyName("unallocated")] IReadOnlyList<LineResponse> Unallocated)
{
    internal static BatchChangeResponse From(BatchView batch, BatchQuantityChange change) => new(
        BatchResponse.From(batch),
        [.. change.Reallocated.Select(r => new ReallocatedLine(r.Line.OrderId, r.Line.Sku, r.Line.Quantity, r.FromBatch, r.ToBatch))],
        [.. change.Unallocated.Select(l => new LineResponse(l.OrderId, l.Sku, l.Quantity))]);
}

/// <summary>An order line moved from one batch to another.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU.</param>
/// <param name="Qty">The units.</param>
/// <param name="From">The batch it left.</param>
/// <param name="To">The batch that holds it now.</param>
public sealed record ReallocatedLine(
    [property: JsonPropertyName("orderid")] string OrderId,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("qty")] int Qty,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To);

/// <summary>An order line.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU.</param>
/// <param name="Qty">The units.</param>
public sealed record LineResponse(
    [property: JsonPropertyName("orderid")] string OrderId,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("qty")] int Qty);

/// <summary>A product, its version and its batches in the order they were added.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Version">The number of changes the product has seen.</param>
/// <param name="Batches">Its batches.</param>
public sealed record ProductResponse(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("batches")] IReadOnlyList<BatchResponse> Batches)
{
    internal static ProductResponse From(ProductView product) =>
        new(product.Sku, product.VersionNumber, [.. product.Batches.Select(BatchResponse.From)]);
}

/// <summary>An allocation made (or found, on a repeated request).</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Sku">The SKU.</param>
/// <param name="Qty">The units.</param>
/// <param name="BatchRef">The batch holding the line.</param>
public sealed record AllocationResponse(
    [property: JsonPropertyName("orderid")] string OrderId,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("qty")] int Qty,
    [property: JsonPropertyName("batchref")] string BatchRef)
{
    internal static AllocationResponse From(AllocationResult result) => new(result.OrderId, result.Sku, result.Quantity, result.BatchReference);
}

/// <summary>One line of an order and its batch (the reference service's shape).</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="BatchRef">The batch.</param>
public sealed record OrderAllocationResponse(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("batchref")] string BatchRef);

/// <summary>The reference service's <c>POST /allocate</c> answer: the batch, or null when out of stock.</summary>
/// <param name="BatchRef">The batch, or null.</param>
public sealed record BatchRefResponse([property: JsonPropertyName("batchref")] string? BatchRef);

/// <summary>A page of a listing: <c>{"items": [...], "next": "…"}</c>.</summary>
/// <typeparam name="T">The items.</typeparam>
/// <param name="Items">This page's items, in the listing's order.</param>
/// <param name="Next">What to pass as <c>after</c> for the next page, or null when this page is the last.</param>
public sealed record PageResponse<T>(
    [property: JsonPropertyName("items")] IReadOnlyList<T> Items,
    [property: JsonPropertyName("next")] string? Next);

/// <summary>A product in <c>GET /products</c>: its version and stock totals across batches.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Version">The product's version.</param>
/// <param name="Purchased">Units bought, all batches together.</param>
/// <param name="Allocated">Units allocated.</param>
/// <param name="Available">Units still free.</param>
public sealed record ProductSummaryResponse(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("purchased")] long Purchased,
    [property: JsonPropertyName("allocated")] long Allocated,
    [property: JsonPropertyName("available")] long Available)
{
    internal static ProductSummaryResponse From(ProductSummary product) =>
        new(product.Sku, product.VersionNumber, product.PurchasedQuantity, product.AllocatedQuantity, product.AvailableQuantity);
}

/// <summary>An order line in <c>GET /products/{sku}/allocations</c>.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Qty">The units allocated.</param>
/// <param name="BatchRef">The batch that holds them.</param>
public sealed record ProductAllocationResponse(
    [property: JsonPropertyName("orderid")] string OrderId,
    [property: JsonPropertyName("qty")] int Qty,
    [property: JsonPropertyName("batchref")] string BatchRef);

/// <summary>What <c>GET /</c> says about the service.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="Version">The build's version.</param>
/// <param name="Links">Where to go next, by name: the OpenAPI document, the health checks, the main resources.</param>
public sealed record ServiceResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("links")] IReadOnlyDictionary<string, string> Links);
