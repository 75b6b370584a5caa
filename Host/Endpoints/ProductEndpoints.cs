using Allocation.Application;
using Allocation.Application.Errors;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary><c>/products/{sku}</c>: a product with its version and batches.</summary>
internal static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{sku}", GetAsync).RequireAuthorization(Policies.Read)
            .WithTags("Products").WithName("GetProduct").WithSummary("A product, its version and its batches in the order they were added.");
        return app;
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetAsync(
        AllocationService service, HttpContext context, string sku, CancellationToken cancellationToken)
    {
        var raw = RouteValues.Identifier(context, "sku");
        return await service.GetProductAsync(raw, cancellationToken) is { } product
            ? TypedResults.Ok(ProductResponse.From(product))
            : NotFoundProblem.Create(InvalidSkuException.ErrorCode, "Unknown SKU", $"Invalid sku {raw}");
    }
}
