using System.Globalization;
using System.Text;
using System.Text.Json;
namespace Allocation.Domain.Events;

/// <summary>
/// How each domain event is written to the log, the HTTP feed and other services: a type name and
/// a JSON object whose field names are the HTTP API's (<c>orderid</c>, <c>sku</c>, <c>qty</c>,
/// <c>batchref</c>, <c>ref</c>, <c>eta</c>). <c>Allocated</c> is exactly the reference service's
/// <c>line_allocated</c> message. The names and fields are a public contract: fields may be added,
/// never renamed or removed. It lives with the events it describes, so every store and channel
/// writes the same payload without reaching into another layer.
/// </summary>
public static class EventPayload
{
    /// <summary>The type name stored for an event: its class name (<c>Allocated</c>, <c>OutOfStock</c>, ...).</summary>
    /// <param name="domainEvent">The event.</param>
    /// <returns>The type name.</returns>
    public static string TypeOf(IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return domainEvent.GetType().Name;
    }

    /// <summary>The event's payload as compact JSON.</summary>
    /// <param name="domainEvent">The event.</param>
    /// <returns>A JSON object.</returns>
    /// <exception cref="ArgumentException">The event is of a type this build does not know.</exception>
    public static string Write(IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        using var buffer = new MemoryStream(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            switch (domainEvent)
            {
                case Allocated e:
                    Line(json, e.OrderId, e.Sku, e.Quantity, e.BatchReference);
                    break;
                case Deallocated e:
                    Line(json, e.OrderId, e.Sku, e.Quantity, e.BatchReference);
                    json.WriteBoolean("takenback", e.TakenBack);
                    break;
                case AllocationLost e:
                    Line(json, e.OrderId, e.Sku, e.Quantity, e.BatchReference);
                    break;
                case BatchAdded e:
                    json.WriteString("ref", e.Reference);
                    json.WriteString("sku", e.Sku);
                    json.WriteNumber("qty", e.PurchasedQuantity);
                    if (e.Eta is { } eta)
                    {
                        json.WriteString("eta", eta.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.WriteNull("eta");
                    }

                    break;
                case BatchQuantityChanged e:
                    json.WriteString("ref", e.Reference);
                    json.WriteString("sku", e.Sku);
                    json.WriteNumber("qty", e.NewQuantity);
                    json.WriteNumber("previousqty", e.PreviousQuantity);
                    break;
                case OutOfStock e:
                    json.WriteString("sku", e.Sku);
                    break;
                default:
                    throw new ArgumentException($"Event type {domainEvent.GetType().Name} has no payload format.", nameof(domainEvent));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads an event back into its domain type from its type name and payload.</summary>
    /// <param name="type">The type name (<see cref="TypeOf"/>).</param>
    /// <param name="payload">The JSON object (<see cref="Write"/>).</param>
    /// <returns>The event, or <see langword="null"/> when its type is one this build does not know (a newer build wrote it).</returns>
    /// <exception cref="JsonException">The payload lacks a field its type needs.</exception>
    public static IDomainEvent? Read(string type, string payload)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(payload);
        using var document = JsonDocument.Parse(payload);
        var data = document.RootElement;
        string Text(string name) => data.GetProperty(name).GetString() ?? throw new JsonException($"Field {name} of a {type} event is null.");
        int Number(string name) => data.GetProperty(name).GetInt32();
        return type switch
        {
            nameof(Allocated) => new Allocated(Text("orderid"), Text("sku"), Number("qty"), Text("batchref")),
            nameof(Deallocated) => new Deallocated(Text("orderid"), Text("sku"), Number("qty"), Text("batchref"),
                data.TryGetProperty("takenback", out var takenBack) && takenBack.GetBoolean()), // absent before 2026-12
            nameof(AllocationLost) => new AllocationLost(Text("orderid"), Text("sku"), Number("qty"), Text("batchref")),
            nameof(BatchAdded) => new BatchAdded(Text("ref"), Text("sku"), Number("qty"),
                data.GetProperty("eta").GetString() is { } eta ? DateOnly.ParseExact(eta, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null),
            nameof(BatchQuantityChanged) => new BatchQuantityChanged(Text("ref"), Text("sku"), Number("previousqty"), Number("qty")),
            nameof(OutOfStock) => new OutOfStock(Text("sku")),
            _ => null,
        };
    }

    /// <summary>
    /// How the payload of every line event of <paramref name="orderId"/> (<c>Allocated</c>,
    /// <c>Deallocated</c>, <c>AllocationLost</c>) begins, escaped exactly as <see cref="Write"/>
    /// escapes it: a store can find an order's events by this text without parsing each payload.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <returns><c>{"orderid":"…",</c></returns>
    public static string LinePayloadStart(string orderId)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        using var buffer = new MemoryStream(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("orderid", orderId); // Line's first field
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + ",";
    }

    private static void Line(Utf8JsonWriter json, string orderId, string sku, int quantity, string batchReference)
    {
        json.WriteString("orderid", orderId);
        json.WriteString("sku", sku);
        json.WriteNumber("qty", quantity);
        json.WriteString("batchref", batchReference);
    }
}
