using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Subscriptions;

/// <summary>Makes each subscriber's <see cref="SubscriberLoop"/> over the store's log and subscriptions.</summary>
internal sealed class SubscriberLoops(
    IEventLog log, ISubscriptionStore subscriptions, EventLogSignal signal, IServiceScopeFactory scopes, TimeProvider time,
    IOptions<EventsOptions> options, ILogger<EventDispatcher> logger)
{
    /// <summary>The loop that reads for <paramref name="subscriber"/> as <paramref name="owner"/>.</summary>
    public SubscriberLoop For(EventSubscriber subscriber, string owner) =>
        new(subscriber, owner, new EventLogFollower(log, signal, options.Value.PollInterval, time), log, subscriptions, scopes, time, options.Value, logger);
}
