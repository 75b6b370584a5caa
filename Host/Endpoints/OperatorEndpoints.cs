using Allocation.Application;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.OpenApi;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary>
/// What operators (and the console at <c>/console</c>) ask that services do not: store-wide counts,
/// an order's history, the last minutes' activity, and where the event log ends. The SKU search is <c>GET /products?prefix=</c>.
/// </summary>
internal static class OperatorEndpoints
{
    public const int MaxActivityMinutes = 60;

    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stock", StockAsync).RequireAuthorization(Policies.Read).WithTags("Products")
            .WithName("GetStock").WithSummary("Count the stock")
            .WithDescription("How many SKUs, batches and allocated lines there are, and how many SKUs have no unit free in any batch.");

        app.MapGet("/orders/{orderid}", OrderAsync).RequireAuthorization(Policies.Read).WithTags("Allocations")
            .WithName("GetOrder").WithSummary("Read an order's history")
            .WithDescription("An order's allocated lines with their batches, and the events the log still holds about its lines: " +
                "allocated, moved (`Deallocated` with `takenback`, then `Allocated`), lost (`AllocationLost`) and deallocated. " +
                "An order with neither is 404 `unknown-order`. The log is searched without an index: retention keeps it bounded.")
            .WithIntegerQuery("limit", 1, AllocationService.MaxPageSize, QueryValues.DefaultLimit, "The most events to return, the newest kept.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet("/events/activity", ActivityAsync).RequireAuthorization(Policies.Read).WithTags("Events")
            .WithName("GetActivity").WithSummary("Count recent allocations")
            .WithDescription("Allocated and OutOfStock events per second over the last `minutes`, from the event log (every host's commits).")
            .WithIntegerQuery("minutes", 1, MaxActivityMinutes, 15, "How many minutes back to count.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/events/newest", NewestAsync).RequireAuthorization(Policies.Read).WithTags("Events")
            .WithName("GetNewestEvent").WithSummary("Find the newest event")
            .WithDescription("The newest committed event's position (0 for an empty log): pass it as `after` to follow only what commits from now on.");
        return app;
    }

    private static async Task<Ok<StockResponse>> StockAsync(IOperatorQueries operators, CancellationToken cancellationToken) =>
        TypedResults.Ok(StockResponse.From(await operators.StockCountsAsync(cancellationToken)));

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> OrderAsync(
        IOperatorQueries operators, HttpContext context, string orderid, string? limit, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var orderId = RouteValues.Raw(context, "orderid");
        rules.Identifier("orderid", orderId);
        var take = QueryValues.Limit(rules, limit);
        rules.ThrowIfBroken();
        var history = await operators.OrderHistoryAsync(orderId, take, cancellationToken);
        return history.Lines.Count == 0 && history.Events.Count == 0
            ? NotFoundProblem.Create(ProblemCodes.UnknownOrder, "Unknown order", $"Order {orderId} has no allocated line and no event in the log.")
            : TypedResults.Ok(OrderResponse.From(history));
    }

    private static async Task<Ok<NewestEventResponse>> NewestAsync(IEventLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(new NewestEventResponse(await log.NewestPositionAsync(cancellationToken)));

    private static async Task<Ok<ActivityResponse>> ActivityAsync(
        IOperatorQueries operators, string? minutes, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var window = QueryValues.Number(rules, "minutes", minutes, 15, 1, MaxActivityMinutes);
        rules.ThrowIfBroken();
        var now = DateTimeOffset.UtcNow;
        var since = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddMinutes(-window);
        var seconds = await operators.ActivityAsync(since, cancellationToken);
        return TypedResults.Ok(new ActivityResponse(since, [.. seconds.Select(s => new ActivitySecondResponse(s.Second, s.Allocated, s.OutOfStock))]));
    }
}
