using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Allocation.Host.OpenApi;

/// <summary>
/// The <c>ProblemDetails</c> schema as the host writes it: the RFC 9457 members plus the stable
/// <c>code</c>, the <c>traceId</c>, and the fields some problems add (<c>errors</c> on invalid input,
/// the committed rows of an oversize import, the retention bounds of a trimmed feed).
/// </summary>
internal static class ProblemSchema
{
    public const string Name = "ProblemDetails";

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ProblemDetails))
        {
            return Task.CompletedTask;
        }

        schema.Description = "An RFC 9457 problem. `code` is stable: branch on it, never on `title` or `detail`.";
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["code"] = Text("What went wrong, stable across versions: `out-of-stock`, `validation-failed`, `batch-not-found`, ...");
        schema.Properties["message"] = Text("The same as `detail`, for clients of the reference service.");
        schema.Properties["traceId"] = Text("The W3C trace id of the request, to find it in the service's logs and traces.");
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "On `validation-failed`: each bad field, by its JSON name, with what is wrong with it.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        schema.Properties["committedThrough"] = Number("On `payload-too-large` from an import: the last line committed before the limit was reached.");
        schema.Properties["added"] = Number("On `payload-too-large` from an import: the batches added before the limit was reached.");
        schema.Properties["alreadyPresent"] = Number("On `payload-too-large` from an import: the rows already stored before the limit was reached.");
        schema.Properties["trimmedThrough"] = Number("On `events-trimmed`: the newest position retention deleted.");
        schema.Properties["oldestPosition"] = Number("On `events-trimmed`: the oldest position still kept.");
        schema.Required = new HashSet<string>(StringComparer.Ordinal) { "code", "status", "title" };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Number(string description) => new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };
}
