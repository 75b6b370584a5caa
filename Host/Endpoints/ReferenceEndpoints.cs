using Allocation.Domain.Errors;
using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Domain;
using Allocation.Host.Contracts;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary>
/// The final Cosmic Python routes, so its clients switch without changing a line:
/// <c>POST /add_batch</c> and <c>POST /allocate</c>. <c>GET /allocations/{orderid}</c> is shared
/// with the native API. They map the same contract types to the same use cases as the native routes.
/// </summary>
internal static class ReferenceEndpoints
{
    public static IEndpointRouteBuilder MapReferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var reference = app.MapGroup("/").WithTags("Reference-compatible").RequireAuthorization(Policies.Write);

        reference.MapPost("/add_batch", AddBatchAsync)
            .WithName("AddBatchReference").WithSummary("Add a batch (reference route)")
            .WithDescription("As POST /batches, on the reference service's route.")
            .Accepts<BatchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        reference.MapPost("/allocate", AllocateAsync)
            .WithName("AllocateReference")
            .WithSummary("Allocate an order line (reference route)")
            .WithDescription("Allocates like POST /allocations, answering as the reference service: 202 {batchref}, or {batchref: null} when out of stock; an unknown SKU is 400 with message \"Invalid sku X\".")
            .Accepts<AllocationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<Created<BatchResponse>> AddBatchAsync(CommandInvoker commands, BatchRequest body, CancellationToken cancellationToken)
    {
        var command = body.ToCommand();
        await commands.InvokeAsync(command, cancellationToken);
        return TypedResults.Created($"/batches/{Uri.EscapeDataString(command.Reference)}", BatchResponse.From(command));
    }

    private static async Task<Accepted<BatchRefResponse>> AllocateAsync(CommandInvoker commands, AllocationRequest body, CancellationToken cancellationToken)
    {
        var command = body.ToCommand();
        try
        {
            var result = await commands.InvokeAsync(command, cancellationToken);
            return TypedResults.Accepted((string?)null, new BatchRefResponse(result.BatchReference));
        }
        catch (OutOfStockException)
        {
            // The reference answers out of stock with 202 and no batch; the native route says 409.
            return TypedResults.Accepted((string?)null, new BatchRefResponse(null));
        }
    }
}
