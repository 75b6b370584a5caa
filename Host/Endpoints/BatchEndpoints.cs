using Allocation.Application;
using Allocation.Application.Reads;
using Allocation.Domain;
using Allocation.Host.Contracts;
using Allocation.Host.Security;

namespace Allocation.Host.Endpoints;

/// <summary><c>/batches</c>: add a batch, read it, change its quantity.</summary>
internal static class BatchEndpoints
{
    public static IEndpointRouteBuilder MapBatchEndpoints(this IEndpointRouteBuilder app)
    {
        var batches = app.MapGroup("/batches").WithTags("Batches");

        batches.MapPost("/", AddAsync).RequireAuthorization(SecurityServiceCollectionExtensions.WritePolicy)
            .WithName("AddBatch").WithSummary("Adds a batch of stock; its SKU's product is created with its first batch.")
            .Accepts<BatchRequest>("application/json")
            .Produces<BatchResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        batches.MapGet("/{ref}", GetAsync).RequireAuthorization(SecurityServiceCollectionExtensions.ReadPolicy)
            .WithName("GetBatch").WithSummary("A batch with its allocated and available quantities.")
            .Produces<BatchResponse>().ProducesProblem(StatusCodes.Status404NotFound);

        batches.MapPatch("/{ref}", ChangeQuantityAsync).RequireAuthorization(SecurityServiceCollectionExtensions.WritePolicy)
            .WithName("ChangeBatchQuantity")
            .WithSummary("Sets a batch's purchased quantity; lines that no longer fit move to other batches or lose their stock.")
            .Accepts<BatchQuantityRequest>("application/json")
            .Produces<BatchChangeResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<BatchResponse> AddBatchAsync(AllocationService service, BatchRequest body, CancellationToken cancellationToken)
    {
        var rules = new InputRules().Identifier("ref", body.Ref).Identifier("sku", body.Sku).Required("qty", body.Qty, Batch.MinimumQuantity);
        var eta = RequestFields.Eta(rules, body.Eta);
        rules.ThrowIfBroken();
        await service.AddBatchAsync(body.Ref!, body.Sku!, body.Qty!.Value, eta, cancellationToken);

        // A new batch has nothing allocated yet: its view follows from the request, no query needed.
        return BatchResponse.From(new BatchView(body.Ref!, body.Sku!, body.Qty.Value, eta, AllocatedQuantity: 0));
    }

    private static async Task<IResult> AddAsync(AllocationService service, BatchRequest body, CancellationToken cancellationToken)
    {
        var batch = await AddBatchAsync(service, body, cancellationToken);
        return TypedResults.Created($"/batches/{Uri.EscapeDataString(batch.Ref)}", batch);
    }

    private static async Task<BatchResponse> GetAsync(AllocationService service, HttpContext context, string @ref, CancellationToken cancellationToken) =>
        BatchResponse.From(await service.GetBatchAsync(RouteValues.Segment(context, 1, @ref), cancellationToken));

    private static async Task<BatchChangeResponse> ChangeQuantityAsync(
        AllocationService service, HttpContext context, string @ref, BatchQuantityRequest body, CancellationToken cancellationToken)
    {
        var reference = RouteValues.Segment(context, 1, @ref);
        new InputRules().Identifier("ref", reference).Required("qty", body.Qty, Batch.MinimumQuantity).ThrowIfBroken();
        var change = await service.ChangeBatchQuantityAsync(reference, body.Qty!.Value, cancellationToken);
        return BatchChangeResponse.From(await service.GetBatchAsync(reference, cancellationToken), change);
    }
}
