namespace Allocation.Host.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, shaped so a generator (Kiota, NSwag) makes a
/// usable client from it: one typed problem, every status an operation can answer, integer query
/// parameters, a schema per event type and one-line summaries.
/// </summary>
internal static class OpenApiSetup
{
    public static IServiceCollection AddAllocationOpenApi(this IServiceCollection services) => services.AddOpenApi(o => o
        .AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "Allocation";
            document.Info.Description =
                "Allocates order lines to batches of stock. Every error is an RFC 9457 problem (`ProblemDetails`) with a stable `code`. "
                + "Events carry a payload whose schema is named by their `type`."
                + (context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OperatorConsole.ConsoleSettings>>().Value.Enabled
                    ? " Operators have a console in the browser at `/console`: stock, orders, live events and stuck deliveries, read and changed through this API with its credentials."
                    : "");
            return Task.CompletedTask;
        })
        .AddRequestExamples()
        .AddSchemaTransformer(ProblemSchema.TransformAsync)
        .AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo?.Name == "eta")
            {
                schema.Format = "date"; // contracts read it as text, so that a bad date is named in the problem
            }

            return Task.CompletedTask;
        })
        .AddOperationTransformer(StandardProblems.TransformAsync)
        .AddDocumentTransformer(EventSchemas.TransformAsync));
}
