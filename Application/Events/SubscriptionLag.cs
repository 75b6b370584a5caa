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
    /// <summary>Every subscriber the store knows, and each of <paramref name="expected"/> it does not yet, with its lag.</summary>
    /// <param name="expected">Subscribers that run here and may not have a checkpoint yet.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One entry per subscriber: the store's in its order, then the expected ones it lacks.</returns>
    public async Task<IReadOnlyList<SubscriberLag>> ReadAsync(IReadOnlyCollection<string>? expected = null, CancellationToken cancellationToken = default)
    {
        var states = await subscriptions.ListAsync(cancellationToken).ConfigureAwait(false);
        var known = states.Select(s => s.Subscriber).ToHashSet(StringComparer.Ordinal);
        var answer = new List<SubscriberLag>(states.Count);
        foreach (var (name, state) in states.Select(s => (s.Subscriber, (SubscriptionState?)s))
                     .Concat((expected ?? []).Where(name => !known.Contains(name)).Select(name => (name, (SubscriptionState?)null))))
        {
            answer.Add(new SubscriberLag(name, state, await log.LagAsync(state?.Position ?? 0, EventsOptions.LagCountLimit, cancellationToken).ConfigureAwait(false)));
        }

        return answer;
    }
}
