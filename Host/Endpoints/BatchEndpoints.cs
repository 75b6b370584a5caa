using Allocation.Domain.Errors;
using Allocation.Application;
using Allocation.Application.Commands;
using Allocation.Domain;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary><c>/batches</c>: add a batch, read it, change its quantity.</summary>
internal static class BatchEndpoints
{
    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/batches").WithTags("Batches");

        batches.MapPost("/", AddAsync).RequireAuthorization(Policies.Write)
            .WithName("AddBatch").WithSummary("Add a batch of stock")
            .WithDescription("Adds a batch of stock; its SKU's product is created with its first batch.")
            .Accepts<BatchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        batches.MapGet("/{ref}", GetAsync).RequireAuthorization(Policies.Read)
            .WithName("GetBatch").WithSummary("Read a batch")
            .WithDescription("A batch with its allocated and available quantities.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        batches.MapPatch("/{ref}", ChangeQuantityAsync).RequireAuthorization(Policies.Write)
            .WithName("ChangeBatchQuantity")
            .WithSummary("Change a batch's quantity")
            .WithDescription("Sets a batch's purchased quantity; lines that no longer fit move to other batches or lose their stock.")
            .Accepts<BatchQuantityRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<BatchResponse>> AddAsync(CommandInvoker commands, BatchRequest body, CancellationToken cancellationToken)
    {
        var command = body.ToCommand();
        await commands.InvokeAsync(command, cancellationToken);
        return TypedResults.Created($"/batches/{Uri.EscapeDataString(command.Reference)}", BatchResponse.From(command));
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> GetAsync(
        AllocationService service, HttpContext context, string @ref, CancellationToken cancellationToken)
    {
        var reference = RouteValues.Identifier(context, "ref");
        return await service.GetBatchAsync(reference, cancellationToken) is { } batch
            ? TypedResults.Ok(BatchResponse.From(batch))
            : NotFoundProblem.Create(BatchNotFoundException.ErrorCode, "Batch not found", $"Batch {reference} does not exist.");
    }

    private static async Task<Ok<BatchChangeResponse>> ChangeQuantityAsync(
        CommandInvoker commands, AllocationService service, HttpContext context, string @ref, BatchQuantityRequest body, CancellationToken cancellationToken)
    {
        var command = body.ToCommand(RouteValues.Raw(context, "ref"));
        var change = await commands.InvokeAsync(command, cancellationToken)
            ?? throw new InvalidOperationException("A change without a message id always has a result.");
        var batch = await service.GetBatchAsync(command.Reference, cancellationToken)
            ?? throw new BatchNotFoundException(command.Reference); // deleted in between: batches are never deleted
        return TypedResults.Ok(BatchChangeResponse.From(batch, change));
    }
}
