using Allocation.Application.Ports;

namespace Allocation.Application.Events;

/// <summary>One subscriber and how far it is behind the log.</summary>
/// <param name="Subscriber">The subscriber's name.</param>
/// <param name="State">Its checkpoint and lease; <see langword="null"/> when it has never run (it starts from the beginning).</param>
/// <param name="Lag">The events after its checkpoint, counted up to <see cref="EventsOptions.LagCountLimit"/>.</param>
public sealed record SubscriberLag(string Subscriber, SubscriptionState? State, EventLag Lag);

/// <summary>
/// How far each subscriber is behind the log: the one place lag is computed, for the gauges, the
/// subscriptions endpoint and the health check.
/// </summary>
/// <param name="subscriptions">The subscribers' checkpoints.</param>
/// <param name="log">The event log.</param>
public sealed class SubscriptionLag(ISubscriptionStore subscriptions, IEventLog log)
{
    /// <summary>
    /// Every subscriber the store knows, or just those named in <paramref name="only"/> (known to
    /// the store yet or not), with its lag. One count of the log per subscriber answered.
    /// </summary>
    /// <param name="only">The subscribers to read, or <see langword="null"/> for every one the store knows.</param>
    /// <param name="countUpTo">The most events counted per subscriber; 1 when only <see cref="EventLag.TrimmedThrough"/> matters.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One entry per subscriber, in the store's order or in <paramref name="only"/>'s.</returns>
    public async Task<IReadOnlyList<SubscriberLag>> ReadAsync(
        IReadOnlyCollection<string>? only = null, long countUpTo = EventsOptions.LagCountLimit, CancellationToken cancellationToken = default)
    {
        var states = await subscriptions.ListAsync(cancellationToken).ConfigureAwait(false);
        var wanted = only is null
            ? states.Select(s => (s.Subscriber, State: (SubscriptionState?)s))
            : only.Select(name => (Subscriber: name, State: states.FirstOrDefault(s => s.Subscriber == name)));
        var answer = new List<SubscriberLag>(only?.Count ?? states.Count);
        foreach (var (name, state) in wanted)
        {
            answer.Add(new SubscriberLag(name, state, await log.LagAsync(state?.Position ?? 0, countUpTo, cancellationToken).ConfigureAwait(false)));
        }

        return answer;
    }
}
