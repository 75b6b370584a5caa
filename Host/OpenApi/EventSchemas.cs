using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Allocation.Host.OpenApi;

/// <summary>
/// A schema for each event type's payload (<see cref="Application.Events.EventPayload"/> writes them),
/// and <c>EventResponse</c> made polymorphic on <c>type</c>: a generated client reads
/// <c>AllocatedEvent.data.batchref</c> as a typed field. A type this document does not name is still
/// an <c>EventResponse</c>, with its payload kept as additional data.
/// </summary>
internal static class EventSchemas
{
    private const string Base = "EventResponse";

    private static readonly (string Type, string Description, (string Name, JsonSchemaType Type, string Description)[] Fields)[] Payloads =
    [
        ("Allocated", "An order line was allocated to a batch: exactly the reference service's `line_allocated` message.", Line),
        ("Deallocated", "An order line was released from its batch.", [.. Line, ("takenback", JsonSchemaType.Boolean, "True when stock was taken back from a batch, false when the order released the line.")]),
        ("AllocationLost", "A batch shrank and no other batch could take the line: it is no longer allocated.", Line),
        ("BatchAdded", "A batch of stock was added.",
        [
            ("ref", JsonSchemaType.String, "The batch reference."),
            ("sku", JsonSchemaType.String, "The SKU it holds."),
            ("qty", JsonSchemaType.Integer, "The units bought."),
            ("eta", JsonSchemaType.String | JsonSchemaType.Null, "Arrival date (`YYYY-MM-DD`), or null for warehouse stock."),
        ]),
        ("BatchQuantityChanged", "A batch's purchased quantity was changed.",
        [
            ("ref", JsonSchemaType.String, "The batch reference."),
            ("sku", JsonSchemaType.String, "The SKU it holds."),
            ("qty", JsonSchemaType.Integer, "The new purchased quantity."),
            ("previousqty", JsonSchemaType.Integer, "The purchased quantity before."),
        ]),
        ("OutOfStock", "An allocation found no batch of the SKU with enough stock.", [("sku", JsonSchemaType.String, "The SKU.")]),
    ];

    private static (string, JsonSchemaType, string)[] Line =>
    [
        ("orderid", JsonSchemaType.String, "The order."),
        ("sku", JsonSchemaType.String, "The SKU."),
        ("qty", JsonSchemaType.Integer, "The units of the line."),
        ("batchref", JsonSchemaType.String, "The batch the line was (or is no longer) allocated to."),
    ];

    public static Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas?.TryGetValue(Base, out var found) != true || found is not OpenApiSchema events)
        {
            return Task.CompletedTask;
        }

        events.Properties?.Remove("data"); // each type's schema declares its own
        events.Required?.Remove("data");
        document.Components.Schemas.Remove("JsonElement"); // was the untyped payload's only use
        events.Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = new Dictionary<string, OpenApiSchemaReference>() };
        foreach (var (type, description, fields) in Payloads)
        {
            document.AddComponent($"{type}Payload", Payload(description, fields));
            document.AddComponent($"{type}Event", new OpenApiSchema
            {
                Description = $"An event of type `{type}`.",
                AllOf =
                [
                    new OpenApiSchemaReference(Base, document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["data"] = new OpenApiSchemaReference($"{type}Payload", document) },
                        Required = new HashSet<string>(StringComparer.Ordinal) { "data" },
                    },
                ],
            });
            events.Discriminator.Mapping[type] = new OpenApiSchemaReference($"{type}Event", document);
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Payload(string description, (string Name, JsonSchemaType Type, string Description)[] fields) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)new OpenApiSchema
        {
            Type = f.Type,
            Format = f.Name == "eta" ? "date" : f.Type == JsonSchemaType.Integer ? "int32" : null,
            Description = f.Description,
        }, StringComparer.Ordinal),
        Required = new HashSet<string>(fields.Where(f => f.Name != "takenback").Select(f => f.Name), StringComparer.Ordinal),
    };
}
