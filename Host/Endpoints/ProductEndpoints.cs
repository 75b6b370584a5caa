using Allocation.Host.OpenApi;
using Allocation.Application;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary><c>/products</c>: the products, a product with its version and batches, and its allocations.</summary>
internal static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProductEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/products").WithTags("Products").RequireAuthorization(Policies.Read);
        products.MapGet("/", ListAsync).WithName("ListProducts")
            .WithSummary("List products")
            .WithDescription("Products in SKU order with their version and stock totals, `limit` at a time, only those whose SKU starts with `prefix` when it is given. Pass `next` as `after` for the next page; `next` is null on the last.")
            .WithTextQuery("after", "The SKU to list after: the previous page's `next`.")
            .WithTextQuery("prefix", "Only SKUs that start with this text (case-sensitive).")
            .WithIntegerQuery("limit", 1, AllocationService.MaxPageSize, QueryValues.DefaultLimit, "How many products to list.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        products.MapGet("/{sku}", GetAsync).WithName("GetProduct")
            .WithSummary("Read a product")
            .WithDescription("A product, its version and its batches in the order they were added.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        products.MapGet("/{sku}/allocations", ListAllocationsAsync).WithName("ListProductAllocations")
            .WithSummary("List a product's allocations")
            .WithDescription("A product's allocated order lines in the order they were allocated, `limit` at a time. Pass `next` as `after` for the next page; `next` is null on the last.")
            .WithIntegerQuery("after", 0, long.MaxValue, 0, "The position to list after: the previous page's `next`.")
            .WithIntegerQuery("limit", 1, AllocationService.MaxPageSize, QueryValues.DefaultLimit, "How many lines to list.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<PageResponse<ProductSummaryResponse>>> ListAsync(
        AllocationService service, IOperatorQueries operators, string? after, string? prefix, string? limit, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        if (!string.IsNullOrEmpty(after))
        {
            rules.Identifier("after", after);
        }

        if (!string.IsNullOrEmpty(prefix))
        {
            rules.Identifier("prefix", prefix);
        }

        var take = QueryValues.Limit(rules, limit);
        rules.ThrowIfBroken();
        var page = string.IsNullOrEmpty(prefix)
            ? await service.ListProductsAsync(after, take, cancellationToken)
            : await operators.ProductsStartingWithAsync(prefix, after ?? "", take, cancellationToken);
        return TypedResults.Ok(new PageResponse<ProductSummaryResponse>(
            [.. page.Select(ProductSummaryResponse.From)], page.Count == take ? page[^1].Sku : null));
    }

    private static async Task<Results<Ok<PageResponse<ProductAllocationResponse>>, ProblemHttpResult>> ListAllocationsAsync(
        AllocationService service, HttpContext context, string sku, string? after, string? limit, CancellationToken cancellationToken)
    {
        var raw = RouteValues.Identifier(context, "sku");
        var rules = new InputRules();
        var from = QueryValues.Number(rules, "after", after, 0, 0, long.MaxValue);
        var take = QueryValues.Limit(rules, limit);
        rules.ThrowIfBroken();
        var page = await service.ListAllocationsAsync(raw, from, take, cancellationToken);
        if (page.Count == 0 && from == 0 && await service.GetProductAsync(raw, cancellationToken) is null)
        {
            return NotFoundProblem.Create(InvalidSkuException.ErrorCode, "Unknown SKU", $"Invalid sku {raw}");
        }

        return TypedResults.Ok(new PageResponse<ProductAllocationResponse>(
            [.. page.Select(line => new ProductAllocationResponse(line.OrderId, line.Quantity, line.BatchReference))],
            page.Count == take ? page[^1].Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
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
