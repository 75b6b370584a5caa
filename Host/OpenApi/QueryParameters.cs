using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Allocation.Host.OpenApi;

/// <summary>
/// How a query value is declared in the document. Handlers read query values as text and check
/// them themselves (<see cref="Endpoints.QueryValues"/>), so that every bad value is named in one
/// problem; the document still declares what they accept: an integer and its range.
/// </summary>
internal static class QueryParameters
{
    /// <summary>Declares <paramref name="name"/> as an integer from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public static RouteHandlerBuilder WithIntegerQuery(
        this RouteHandlerBuilder builder, string name, long minimum, long maximum, long fallback, string description) =>
        builder.Describe(name, description, new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = maximum > int.MaxValue ? "int64" : "int32",
            Minimum = minimum.ToString(CultureInfo.InvariantCulture),
            Maximum = maximum.ToString(CultureInfo.InvariantCulture),
            Default = JsonValue.Create(fallback),
        });

    /// <summary>Describes the text value <paramref name="name"/>.</summary>
    public static RouteHandlerBuilder WithTextQuery(this RouteHandlerBuilder builder, string name, string description) =>
        builder.Describe(name, description, new OpenApiSchema { Type = JsonSchemaType.String });

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string name, string description, OpenApiSchema schema) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var parameter = operation.Parameters?.OfType<OpenApiParameter>().SingleOrDefault(p => p.In == ParameterLocation.Query && p.Name == name)
                ?? throw new InvalidOperationException($"Operation {operation.OperationId} has no query parameter {name}.");
            parameter.Schema = schema;
            parameter.Description = description;
            return Task.CompletedTask;
        });
}
