using Allocation.AspNetCore;
using Allocation.Host.OpenApi;
using System.Globalization;
using Allocation.Application;
using Allocation.Application.Events;
using Allocation.Application.Ports;
using Allocation.Host.Contracts;
using Allocation.Host.Errors;
using Allocation.Host.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Allocation.Host.Endpoints;

/// <summary>
/// <c>/events</c>: the event log as a feed (paged, long-polled, or streamed as server-sent events),
/// and the subscribers' checkpoints and parked events for operators.
/// </summary>
internal static class EventEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
    public const int MaxWaitSeconds = 30;

    /// <summary>How often a waiting request looks again when no commit of this process woke it (another host's commit, or one held back).</summary>
    internal static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/events").WithTags("Events");

        events.MapGet("/", ReadAsync).RequireAuthorization(Policies.Read).WithMetadata(new Configuration.HeldOpen())
            .WithName("GetEvents")
            .WithSummary("Read events")
            .WithDescription("Every committed change, in order: the events after `after`, up to `limit`. With `wait` an empty answer waits for the next commit. " +
                "Without `after` (or with 0) the feed starts at the oldest event kept; an `after` that retention has deleted past answers 410 `events-trimmed`.")
            .WithIntegerQuery("after", 0, long.MaxValue, 0, "The position to read after: the previous page's `next`, or 0 for the oldest event kept.")
            .WithIntegerQuery("limit", 1, MaxLimit, DefaultLimit, "How many events to read.")
            .WithIntegerQuery("wait", 0, MaxWaitSeconds, 0, "Seconds to wait for the next commit when there is no event yet.")
            .Produces<EventPageResponse>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status410Gone)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        events.MapGet("/stream", StreamAsync).RequireAuthorization(Policies.Read).WithMetadata(new Configuration.HeldOpen())
            .WithName("StreamEvents")
            .WithSummary("Stream events")
            .WithDescription("The same events as server-sent events (`id` = position, `event` = type, `data` = the event as in GET /events), from `after` (or the Last-Event-ID header) on, as they commit.")
            .WithIntegerQuery("after", 0, long.MaxValue, 0, "The position to stream after; the Last-Event-ID header wins over it.")
            .Produces<EventResponse>(contentType: "text/event-stream").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        events.MapGet("/subscriptions", SubscriptionsAsync).RequireAuthorization(Policies.Read)
            .WithName("GetSubscriptions").WithSummary("List subscribers")
            .WithDescription("Each subscriber's checkpoint and lease, how far it is behind the newest event (`lag`), how many of its events are parked, and whether retention deleted events it had not read (`trimmedThrough`).")
            .Produces<IReadOnlyList<SubscriptionResponse>>();

        events.MapPost("/subscriptions/{subscriber}/skip-trimmed", SkipTrimmedAsync).RequireAuthorization(Policies.Write)
            .WithName("SkipTrimmedEvents")
            .WithSummary("Move a subscriber past trimmed events")
            .WithDescription("Moves a subscriber that stopped behind retention past the deleted events, so it goes on from the oldest event kept. The deleted events are never delivered to it.")
            .Produces<SkippedResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        events.MapGet("/parked", ParkedAsync).RequireAuthorization(Policies.Read)
            .WithName("GetParkedEvents").WithSummary("List parked events")
            .WithDescription("Events subscribers failed to handle too many times, oldest first.")
            .WithTextQuery("subscriber", "Only this subscriber's parked events.")
            .Produces<IReadOnlyList<ParkedEventResponse>>();

        events.MapPost("/parked/{subscriber}/{position:long}/replay", ReplayAsync).RequireAuthorization(Policies.Write)
            .WithName("ReplayParkedEvent").WithSummary("Replay a parked event")
            .WithDescription("Delivers a parked event to its subscriber again, within a poll interval. On success it leaves the parked list.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);

        events.MapDelete("/parked/{subscriber}/{position:long}", DeleteAsync).RequireAuthorization(Policies.Write)
            .WithName("DeleteParkedEvent").WithSummary("Delete a parked event")
            .WithDescription("Gives up on a parked event: it is never delivered to that subscriber.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> ReadAsync(
        IEventLog log, EventLogSignal signal, FeedGate gate, IHostApplicationLifetime host, HttpContext context,
        string? after, string? limit, string? wait, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var from = QueryValues.Number(rules, "after", after, 0, 0, long.MaxValue);
        var take = (int)QueryValues.Number(rules, "limit", limit, DefaultLimit, 1, MaxLimit);
        var seconds = QueryValues.Number(rules, "wait", wait, 0, 0, MaxWaitSeconds);
        rules.ThrowIfBroken();

        using var place = seconds > 0 ? gate.TryEnter(context) : null;
        if (seconds > 0 && place is null)
        {
            return FeedBusy(context);
        }

        // The host stopping ends the wait: what there is then is answered.
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.ApplicationStopping);
        var events = await new EventLogFollower(log, signal, Recheck).NextAsync(from, take, TimeSpan.FromSeconds(seconds), ends.Token, cancellationToken);
        return TypedResults.Ok(new EventPageResponse([.. events.Select(EventResponse.From)], events.Count > 0 ? events[^1].Position : from));
    }

    private static async Task<IResult> StreamAsync(
        IEventLog log, FeedGate gate, HttpContext context, string? after, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var resumeFrom = context.Request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } lastId ? lastId : after;
        var from = QueryValues.Number(rules, "after", resumeFrom, 0, 0, long.MaxValue);
        rules.ThrowIfBroken();
        using var place = gate.TryEnter(context);
        if (place is null)
        {
            return FeedBusy(context);
        }

        // The first page is read before the stream starts, so that a cursor behind retention is
        // answered 410 like GET /events, not with an empty stream.
        var first = await log.ReadAsync(from, MaxLimit, cancellationToken);
        await EventStream.WriteAsync(context, log, from, first, cancellationToken);
        return TypedResults.Empty;
    }

    private static ProblemHttpResult FeedBusy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Feed busy",
            detail: "Too many streams and long polls are open, from this client or in all; try again shortly, or read GET /events without wait.",
            extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.FeedBusy });
    }

    private static async Task<IReadOnlyList<SubscriptionResponse>> SubscriptionsAsync(SubscriptionLag lag, CancellationToken cancellationToken) =>
        [.. (await lag.ReadAsync(cancellationToken: cancellationToken)).Select(s => SubscriptionResponse.From(s.State!, s.Lag))];

    private static async Task<Results<Ok<SkippedResponse>, ProblemHttpResult>> SkipTrimmedAsync(
        ISubscriptionStore subscriptions, SubscriptionLag lag, string subscriber, CancellationToken cancellationToken)
    {
        if ((await lag.ReadAsync([subscriber], countUpTo: 1, cancellationToken)).Single() is not { State: { } state } behind)
        {
            return NotFoundProblem.Create(HttpProblemCodes.NotFound, "Subscriber not found", $"No subscriber is named {subscriber}.");
        }

        return behind.Lag.TrimmedThrough is { } through && await subscriptions.SkipAsync(subscriber, state.Position, through, DateTimeOffset.UtcNow, cancellationToken)
            ? TypedResults.Ok(new SkippedResponse(subscriber, state.Position, through))
            : TypedResults.Problem(
                detail: $"Subscriber {subscriber} at position {state.Position} has not missed any event retention deleted (or it moved meanwhile): there is nothing to skip.",
                statusCode: StatusCodes.Status409Conflict, title: "Not behind retention",
                extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.NotBehindRetention });
    }

    private static async Task<IReadOnlyList<ParkedEventResponse>> ParkedAsync(ISubscriptionStore subscriptions, string? subscriber, CancellationToken cancellationToken) =>
        [.. (await subscriptions.ParkedAsync(subscriber, cancellationToken)).Select(ParkedEventResponse.From)];

    private static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(
        ISubscriptionStore subscriptions, string subscriber, long position, CancellationToken cancellationToken) =>
        await subscriptions.RequestReplayAsync(subscriber, position, cancellationToken)
            ? TypedResults.Accepted((string?)null)
            : NotParked(subscriber, position);

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        ISubscriptionStore subscriptions, string subscriber, long position, CancellationToken cancellationToken) =>
        await subscriptions.DeleteParkedAsync(subscriber, position, cancellationToken)
            ? TypedResults.NoContent()
            : NotParked(subscriber, position);

    private static ProblemHttpResult NotParked(string subscriber, long position) => TypedResults.Problem(
        detail: $"Subscriber {subscriber} has no parked event at position {position}.", statusCode: StatusCodes.Status404NotFound,
        title: "Not parked", extensions: new Dictionary<string, object?> { ["code"] = ProblemCodes.NotParked });
}
