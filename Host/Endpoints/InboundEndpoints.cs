using System.Text.RegularExpressions;
using Allocation.Application;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.OpenApi;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary>
/// <c>/inbound/parked</c>: messages from other systems (the Redis stream) the service set aside,
/// with their reason, to requeue once the cause is fixed or to delete. Without an inbound channel
/// configured, each route answers 404 <c>no-inbound-channel</c>.
/// </summary>
internal static partial class InboundEndpoints
{
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapInboundEndpoints(this IEndpointRouteBuilder app)
    {
        var parked = app.MapGroup("/inbound/parked").WithTags("Inbound");
        parked.MapGet("/", ListAsync).RequireAuthorization(Policies.Read)
            .WithName("GetParkedMessages").WithSummary("List parked inbound messages")
            .WithDescription("Inbound messages (Redis `change_batch_quantity`) the service could not take, oldest first, each with its payload and the reason. 404 `no-inbound-channel` when Redis is not configured.")
            .WithIntegerQuery("limit", 1, AllocationService.MaxPageSize, DefaultLimit, "How many messages to list.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        parked.MapPost("/{id}/requeue", RequeueAsync).RequireAuthorization(Policies.Write)
            .WithName("RequeueParkedMessage").WithSummary("Requeue a parked inbound message")
            .WithDescription("Adds the message's payload to its inbound stream again, as a new message, and removes it from the parked ones, in one step.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        parked.MapDelete("/{id}", DeleteAsync).RequireAuthorization(Policies.Write)
            .WithName("DeleteParkedMessage").WithSummary("Delete a parked inbound message")
            .WithDescription("Gives up on a parked inbound message: it is never handled.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<List<ParkedMessageResponse>>, ProblemHttpResult>> ListAsync(
        IServiceProvider services, string? limit, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var take = (int)QueryValues.Number(rules, "limit", limit, DefaultLimit, 1, AllocationService.MaxPageSize);
        rules.ThrowIfBroken();
        return services.GetService<IParkedMessages>() is { } messages
            ? TypedResults.Ok((await messages.ListAsync(take, cancellationToken)).Select(ParkedMessageResponse.From).ToList())
            : NoChannel();
    }

    private static async Task<Results<Ok<RequeuedResponse>, ProblemHttpResult>> RequeueAsync(
        IServiceProvider services, string id, CancellationToken cancellationToken)
    {
        CheckId(id);
        if (services.GetService<IParkedMessages>() is not { } messages)
        {
            return NoChannel();
        }

        return await messages.RequeueAsync(id, cancellationToken) is { } added
            ? TypedResults.Ok(new RequeuedResponse(id, added))
            : NotParked(id);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(IServiceProvider services, string id, CancellationToken cancellationToken)
    {
        CheckId(id);
        if (services.GetService<IParkedMessages>() is not { } messages)
        {
            return NoChannel();
        }

        return await messages.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotParked(id);
    }

    private static void CheckId(string id)
    {
        var rules = new InputRules();
        if (!StreamId().IsMatch(id))
        {
            rules.Problem("id", "must be a stream id such as 1733551234567-0");
        }

        rules.ThrowIfBroken();
    }

    private static ProblemHttpResult NoChannel() => NotFoundProblem.Create(
        ProblemCodes.NoInboundChannel, "No inbound channel", "No inbound channel is configured (set Allocation:Redis:Connection): nothing is parked.");

    private static ProblemHttpResult NotParked(string id) =>
        NotFoundProblem.Create(ProblemCodes.NotParked, "Not parked", $"No inbound message is parked under {id}.");

    [GeneratedRegex(@"^\d{1,20}-\d{1,20}$")]
    private static partial Regex StreamId();
}
