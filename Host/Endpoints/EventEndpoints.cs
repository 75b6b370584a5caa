using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
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
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(250);

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var events = app.MapGroup("/events").WithTags("Events");

        events.MapGet("/", ReadAsync).RequireAuthorization(Policies.Read)
            .WithName("GetEvents")
            .WithSummary("Every committed change, in order: the events after `after`, up to `limit` (at most 1000). With `wait` (seconds, at most 30) an empty answer waits for the next commit.")
            .Produces<EventPageResponse>().ProducesProblem(StatusCodes.Status400BadRequest);

        events.MapGet("/stream", Stream).RequireAuthorization(Policies.Read)
            .WithName("StreamEvents")
            .WithSummary("The same events as server-sent events (`id` = position, `event` = type, `data` = the event as in GET /events), from `after` (or the Last-Event-ID header) on, as they commit.")
            .Produces<EventResponse>(contentType: "text/event-stream").ProducesProblem(StatusCodes.Status400BadRequest);

        events.MapGet("/subscriptions", SubscriptionsAsync).RequireAuthorization(Policies.Read)
            .WithName("GetSubscriptions").WithSummary("Each subscriber's checkpoint and lease, how far it is behind the newest event (`lag`), and how many of its events are parked.")
            .Produces<IReadOnlyList<SubscriptionResponse>>();

        events.MapGet("/parked", ParkedAsync).RequireAuthorization(Policies.Read)
            .WithName("GetParkedEvents").WithSummary("Events subscribers failed to handle too many times, oldest first; `subscriber` narrows the list.")
            .Produces<IReadOnlyList<ParkedEventResponse>>();

        events.MapPost("/parked/{subscriber}/{position:long}/replay", ReplayAsync).RequireAuthorization(Policies.Write)
            .WithName("ReplayParkedEvent").WithSummary("Delivers a parked event to its subscriber again, within a poll interval. On success it leaves the parked list.")
            .Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);

        events.MapDelete("/parked/{subscriber}/{position:long}", DeleteAsync).RequireAuthorization(Policies.Write)
            .WithName("DeleteParkedEvent").WithSummary("Gives up on a parked event: it is never delivered to that subscriber.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<EventPageResponse> ReadAsync(
        IEventLog log, EventLogSignal signal, string? after, string? limit, string? wait, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var from = QueryValues.Number(rules, "after", after, 0, 0, long.MaxValue);
        var take = (int)QueryValues.Number(rules, "limit", limit, DefaultLimit, 1, MaxLimit);
        var seconds = QueryValues.Number(rules, "wait", wait, 0, 0, MaxWaitSeconds);
        rules.ThrowIfBroken();

        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var nextCommit = signal.NextCommit();
            var events = await log.ReadAsync(from, take, cancellationToken);
            var left = deadline - DateTimeOffset.UtcNow;
            if (events.Count > 0 || left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return new EventPageResponse([.. events.Select(EventResponse.From)], events.Count > 0 ? events[^1].Position : from);
            }

            await EventLogSignal.WaitAsync(nextCommit, left < Recheck ? left : Recheck, cancellationToken);
        }
    }

    private static ServerSentEventsResult<EventResponse> Stream(
        IEventLog log, EventLogSignal signal, HttpContext context, string? after, CancellationToken cancellationToken)
    {
        var rules = new InputRules();
        var resumeFrom = context.Request.Headers["Last-Event-ID"].FirstOrDefault() is { Length: > 0 } lastId ? lastId : after;
        var from = QueryValues.Number(rules, "after", resumeFrom, 0, 0, long.MaxValue);
        rules.ThrowIfBroken();
        return TypedResults.ServerSentEvents(Follow(log, signal, from, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<EventResponse>> Follow(
        IEventLog log, EventLogSignal signal, long from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var nextCommit = signal.NextCommit();
            var events = await log.ReadAsync(from, MaxLimit, cancellationToken);
            foreach (var logged in events)
            {
                yield return new SseItem<EventResponse>(EventResponse.From(logged), logged.Type)
                {
                    EventId = logged.Position.ToString(CultureInfo.InvariantCulture),
                };
                from = logged.Position;
            }

            if (events.Count < MaxLimit)
            {
                await EventLogSignal.WaitAsync(nextCommit, Recheck, cancellationToken);
            }
        }
    }

    private static async Task<IReadOnlyList<SubscriptionResponse>> SubscriptionsAsync(
        ISubscriptionStore subscriptions, IEventLog log, CancellationToken cancellationToken)
    {
        var states = await subscriptions.ListAsync(cancellationToken);
        var answer = new List<SubscriptionResponse>(states.Count);
        foreach (var s in states)
        {
            var lag = await log.CountAfterAsync(s.Position, EventsOptions.LagCountLimit, cancellationToken);
            answer.Add(new SubscriptionResponse(s.Subscriber, s.Position, s.Owner, s.LeaseUntil, s.UpdatedAt, lag, s.Parked));
        }

        return answer;
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
