using System.Globalization;
using System.Text.Json.Serialization;
using Allocation.Application.Reads;

namespace Allocation.Host.Contracts;

/// <summary>Counts across the whole store.</summary>
/// <param name="Skus">Products, one per SKU.</param>
/// <param name="Batches">Batches of every product.</param>
/// <param name="AllocatedLines">Order lines allocated now.</param>
/// <param name="OutOfStockSkus">SKUs none of whose batches has a unit free now.</param>
public sealed record StockResponse(
    [property: JsonPropertyName("skus")] long Skus,
    [property: JsonPropertyName("batches")] long Batches,
    [property: JsonPropertyName("allocatedLines")] long AllocatedLines,
    [property: JsonPropertyName("outOfStockSkus")] long OutOfStockSkus)
{
    internal static StockResponse From(StockCounts counts) => new(counts.Skus, counts.Batches, counts.AllocatedLines, counts.OutOfStockSkus);
}

/// <summary>An order's lines as they stand, and the events the log still holds about them.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Lines">Its allocated lines, in the order they were allocated.</param>
/// <param name="Events">Allocated, Deallocated (<c>takenback</c> when a batch shrank) and AllocationLost events about its lines, in log order.</param>
public sealed record OrderResponse(
    [property: JsonPropertyName("orderid")] string OrderId,
    [property: JsonPropertyName("lines")] IReadOnlyList<OrderLineResponse> Lines,
    [property: JsonPropertyName("events")] IReadOnlyList<EventResponse> Events)
{
    internal static OrderResponse From(OrderHistory history) => new(
        history.OrderId,
        [.. history.Lines.Select(line => new OrderLineResponse(
            line.Sku, line.Quantity, line.BatchReference, line.Eta?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))],
        [.. history.Events.Select(EventResponse.From)]);
}

/// <summary>One allocated line of an order.</summary>
/// <param name="Sku">The SKU.</param>
/// <param name="Qty">The units.</param>
/// <param name="BatchRef">The batch holding them.</param>
/// <param name="Eta">The batch's arrival date (<c>YYYY-MM-DD</c>), or null for warehouse stock.</param>
public sealed record OrderLineResponse(
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("qty")] int Qty,
    [property: JsonPropertyName("batchref")] string BatchRef,
    [property: JsonPropertyName("eta")] string? Eta);

/// <summary>What committed each second of a recent window.</summary>
/// <param name="Since">The window's first second (UTC).</param>
/// <param name="Seconds">The seconds that had an allocation or an out-of-stock event, oldest first; the others had none.</param>
public sealed record ActivityResponse(
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("seconds")] IReadOnlyList<ActivitySecondResponse> Seconds);

/// <summary>One second's commits.</summary>
/// <param name="Second">The second's start (UTC).</param>
/// <param name="Allocated">Allocated events.</param>
/// <param name="OutOfStock">OutOfStock events.</param>
public sealed record ActivitySecondResponse(
    [property: JsonPropertyName("second")] DateTimeOffset Second,
    [property: JsonPropertyName("allocated")] int Allocated,
    [property: JsonPropertyName("outOfStock")] int OutOfStock);

/// <summary>Where the event log ends.</summary>
/// <param name="Position">The newest committed event's position; 0 for an empty log.</param>
public sealed record NewestEventResponse([property: JsonPropertyName("position")] long Position);

/// <summary>An inbound message set aside.</summary>
/// <param name="Id">Its id among the parked messages.</param>
/// <param name="Channel">The stream it came from.</param>
/// <param name="MessageId">Its id there.</param>
/// <param name="Payload">Its payload, as received.</param>
/// <param name="Reason">Why it was set aside.</param>
/// <param name="Deliveries">How many times it was delivered.</param>
/// <param name="ParkedAt">When it was set aside.</param>
public sealed record ParkedMessageResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("messageid")] string MessageId,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("deliveries")] int Deliveries,
    [property: JsonPropertyName("parkedAt")] DateTimeOffset ParkedAt)
{
    internal static ParkedMessageResponse From(Application.Ports.ParkedMessage parked) =>
        new(parked.Id, parked.Channel, parked.MessageId, parked.Payload, parked.Reason, parked.Deliveries, parked.ParkedAt);
}

/// <summary>A parked message put back on its channel.</summary>
/// <param name="Id">Its former id among the parked messages.</param>
/// <param name="MessageId">Its new id on its channel.</param>
public sealed record RequeuedResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("messageid")] string MessageId);
