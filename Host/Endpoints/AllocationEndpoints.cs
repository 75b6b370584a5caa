using Allocation.Application;
using Allocation.Domain;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary><c>/allocations</c>: allocate an order line, list an order's allocations, deallocate.</summary>
internal static class AllocationEndpoints
{
    public static IEndpointRouteBuilder MapAllocationEndpoints(this IEndpointRouteBuilder app)
    {
        var allocations = app.MapGroup("/allocations").WithTags("Allocations");

        allocations.MapPost("/", AllocateAsync).RequireAuthorization(SecurityServiceCollectionExtensions.WritePolicy)
            .WithName("Allocate")
            .WithSummary("Allocates an order line: warehouse stock first, then the earliest ETA. Repeating the same request returns 200 and changes nothing.")
            .Accepts<AllocationRequest>("application/json")
            .Produces<AllocationResponse>(StatusCodes.Status201Created).Produces<AllocationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        allocations.MapGet("/{orderid}", ForOrderAsync).RequireAuthorization(SecurityServiceCollectionExtensions.ReadPolicy)
            .WithName("GetAllocations").WithSummary("The batch each of an order's lines is allocated to, in the order they were allocated.")
            .Produces<IReadOnlyList<OrderAllocationResponse>>().ProducesProblem(StatusCodes.Status404NotFound);

        allocations.MapDelete("/{orderid}/{sku}", DeallocateAsync).RequireAuthorization(SecurityServiceCollectionExtensions.WritePolicy)
            .WithName("Deallocate").WithSummary("Releases an order's line of a SKU.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<AllocationResult> AllocateLineAsync(AllocationService service, AllocationRequest body, CancellationToken cancellationToken)
    {
        new InputRules().Identifier("orderid", body.OrderId).Identifier("sku", body.Sku)
            .Required("qty", body.Qty, OrderLine.MinimumQuantity).ThrowIfBroken();
        return await service.AllocateAsync(body.OrderId!, body.Sku!, body.Qty!.Value, cancellationToken);
    }

    internal static async Task<IResult> ForOrderAsync(AllocationService service, HttpContext context, string orderid, CancellationToken cancellationToken)
    {
        orderid = RouteValues.Segment(context, 1, orderid);
        var allocations = await service.GetAllocationsAsync(orderid, cancellationToken);
        return allocations.Count == 0
            ? TypedResults.Problem(
                detail: $"Order {orderid} has no allocations.", statusCode: StatusCodes.Status404NotFound, title: "Not found",
                extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.NoAllocations })
            : TypedResults.Ok(allocations.Select(a => new OrderAllocationResponse(a.Sku, a.BatchReference)).ToList());
    }

    private static async Task<Results<Created<AllocationResponse>, Ok<AllocationResponse>>> AllocateAsync(
        AllocationService service, AllocationRequest body, CancellationToken cancellationToken)
    {
        var result = await AllocateLineAsync(service, body, cancellationToken);
        var response = AllocationResponse.From(result);
        return result.WasAlreadyAllocated
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/allocations/{Uri.EscapeDataString(result.OrderId)}", response);
    }

    private static async Task<NoContent> DeallocateAsync(AllocationService service, HttpContext context, string orderid, string sku, CancellationToken cancellationToken)
    {
        await service.DeallocateAsync(RouteValues.Segment(context, 1, orderid), RouteValues.Segment(context, 2, sku), cancellationToken);
        return TypedResults.NoContent();
    }
}
