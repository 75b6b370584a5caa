using Allocation.Application;
using Allocation.Application.Commands;
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

        allocations.MapPost("/", AllocateAsync).RequireAuthorization(Policies.Write)
            .WithName("Allocate")
            .WithSummary("Allocate an order line")
            .WithDescription("Allocates an order line: warehouse stock first, then the earliest ETA. Repeating the same request returns 200 and changes nothing.")
            .Accepts<AllocationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        allocations.MapGet("/{orderid}", ForOrderAsync).RequireAuthorization(Policies.Read)
            .WithName("GetAllocations").WithSummary("Read an order's allocations")
            .WithDescription("The batch each of an order's lines is allocated to, in the order they were allocated. An order with no allocated line is 404 `no-allocations`.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        allocations.MapDelete("/{orderid}/{sku}", DeallocateAsync).RequireAuthorization(Policies.Write)
            .WithName("Deallocate").WithSummary("Release an order line")
            .WithDescription("Releases an order's line of a SKU; its stock is available again.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<AllocationResponse>, Ok<AllocationResponse>>> AllocateAsync(
        CommandInvoker commands, AllocationRequest body, CancellationToken cancellationToken)
    {
        var result = await commands.InvokeAsync(body.ToCommand(), cancellationToken);
        var response = AllocationResponse.From(result);
        return result.WasAlreadyAllocated
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/allocations/{Uri.EscapeDataString(result.OrderId)}", response);
    }

    /// <summary>An order's allocations (the reference service's route too).</summary>
    private static async Task<Results<Ok<List<OrderAllocationResponse>>, ProblemHttpResult>> ForOrderAsync(
        AllocationService service, HttpContext context, string orderid, CancellationToken cancellationToken)
    {
        var orderId = RouteValues.Identifier(context, "orderid");
        var allocations = await service.GetAllocationsAsync(orderId, cancellationToken);
        return allocations.Count == 0
            ? NotFoundProblem.Create(ProblemCodes.NoAllocations, "Not found", $"Order {orderId} has no allocations.")
            : TypedResults.Ok(allocations.Select(a => new OrderAllocationResponse(a.Sku, a.BatchReference)).ToList());
    }

    private static async Task<NoContent> DeallocateAsync(
        CommandInvoker commands, HttpContext context, string orderid, string sku, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var orderId = RouteValues.Raw(context, "orderid");
        var line = RouteValues.Raw(context, "sku");
        rules.Identifier("orderid", orderId).Identifier("sku", line).ThrowIfBroken();
        await commands.InvokeAsync(new Deallocate(orderId, line), cancellationToken);
        return TypedResults.NoContent();
    }
}
