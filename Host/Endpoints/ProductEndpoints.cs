using Allocation.Application;
using Allocation.Host.Contracts;
using Allocation.Host.Security;

namespace Allocation.Host.Endpoints;

/// <summary><c>/products/{sku}</c>: a product with its version and batches.</summary>
internal static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/products/{sku}", async (AllocationService service, HttpContext context, string sku, CancellationToken cancellationToken) =>
                ProductResponse.From(await service.GetProductAsync(RouteValues.Segment(context, 1, sku), cancellationToken)))
            .RequireAuthorization(SecurityServiceCollectionExtensions.ReadPolicy)
            .WithTags("Products").WithName("GetProduct").WithSummary("A product, its version and its batches in the order they were added.")
            .Produces<ProductResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
