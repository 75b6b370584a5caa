using System.Text.Json;
using System.Text.Json.Serialization;
using Allocation.Application.Events;

namespace Allocation.Host.Contracts;

/// <summary>A page of the event feed: <c>{"events": [...], "next": N}</c>.</summary>
/// <param name="Events">The events, in position order.</param>
/// <param name="Next">The position to pass as <c>after</c> next time (the last event's, or <c>after</c> when there was none).</param>
public sealed record EventPageResponse(
    [property: JsonPropertyName("events")] IReadOnlyList<EventResponse> Events,
    [property: JsonPropertyName("next")] long Next);

/// <summary>One event of the feed.</summary>
/// <param name="Position">Its place in the log: positions only grow, but need not be consecutive.</param>
/// <param name="Type">Its type: <c>Allocated</c>, <c>Deallocated</c>, <c>AllocationLost</c>, <c>BatchAdded</c>, <c>BatchQuantityChanged</c> or <c>OutOfStock</c>.</param>
/// <param name="Sku">The SKU it happened to.</param>
/// <param name="OccurredAt">When its transaction committed (UTC).</param>
/// <param name="Data">Its payload; for <c>Allocated</c>, exactly the reference's <c>{"orderid","sku","qty","batchref"}</c>.</param>
public sealed record EventResponse(
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("sku")] string Sku,
    [property: JsonPropertyName("occurredAt")] DateTimeOffset OccurredAt,
    [property: JsonPropertyName("data")] JsonElement Data)
{
    internal static EventResponse From(LoggedEvent logged)
    {
        using var data = JsonDocument.Parse(logged.Data);
        return new EventResponse(logged.Position, logged.Type, logged.Sku, logged.OccurredAt, data.RootElement.Clone());
    }
}

/// <summary>A subscriber's checkpoint, and how far behind the newest readable event it is.</summary>
/// <param name="Subscriber">Its name.</param>
/// <param name="Position">The last event it handled or parked.</param>
/// <param name="Owner">The process reading for it now, if any.</param>
/// <param name="LeaseUntil">When that process's lease lapses unless renewed.</param>
/// <param name="UpdatedAt">When it last moved or renewed.</param>
/// <param name="Lag">How many committed events lie after its checkpoint (counted up to 100,000).</param>
/// <param name="Parked">How many of its events are parked.</param>
/// <param name="TrimmedThrough">
/// When retention deleted events it had not read, the newest position deleted: it has stopped until
/// an operator skips the gap (<c>POST /events/subscriptions/{subscriber}/skip-trimmed</c>). Otherwise <see langword="null"/>.
/// </param>
public sealed record SubscriptionResponse(
    [property: JsonPropertyName("subscriber")] string Subscriber,
    [property: JsonPropertyName("position")] long Position,
    [property: JsonPropertyName("owner")] string? Owner,
    [property: JsonPropertyName("leaseUntil")] DateTimeOffset? LeaseUntil,
    [property: JsonPropertyName("updatedAt")] DateTimeOffset UpdatedAt,
    [property: JsonPropertyName("lag")] long Lag,
    [property: JsonPropertyName("parked")] int Parked,
    [property: JsonPropertyName("trimmedThrough")] long? TrimmedThrough)
{
    /// <summary>A subscriber's state with its lag.</summary>
    public static SubscriptionResponse From(SubscriptionState state, EventLag lag) =>
        new(state.Subscriber, state.Position, state.Owner, state.LeaseUntil, state.UpdatedAt, lag.Events, state.Parked, lag.TrimmedThrough);
}

/// <summary>What <c>skip-trimmed</c> did: the subscriber's checkpoint moved past the events retention deleted.</summary>
/// <param name="Subscriber">The subscriber.</param>
/// <param name="From">Its checkpoint before.</param>
/// <param name="To">Its checkpoint now: the newest position retention deleted.</param>
public sealed record SkippedResponse(
    [property: JsonPropertyName("subscriber")] string Subscriber,
    [property: JsonPropertyName("from")] long From,
    [property: JsonPropertyName("to")] long To);

/// <summary>An event a subscriber failed to handle too many times.</summary>
/// <param name="Subscriber">The subscriber.</param>
/// <param name="Event">The event.</param>
/// <param name="Attempts">How many times handling it failed.</param>
/// <param name="Error">The last failure.</param>
/// <param name="ParkedAt">When it was parked.</param>
/// <param name="ReplayRequested">Whether a replay is pending.</param>
public sealed record ParkedEventResponse(
    [property: JsonPropertyName("subscriber")] string Subscriber,
    [property: JsonPropertyName("event")] EventResponse Event,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("parkedAt")] DateTimeOffset ParkedAt,
    [property: JsonPropertyName("replayRequested")] bool ReplayRequested)
{
    internal static ParkedEventResponse From(ParkedEvent parked) =>
        new(parked.Subscriber, EventResponse.From(parked.Event), parked.Attempts, parked.Error, parked.ParkedAt, parked.ReplayRequested);
}
