using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// Where a subscriber starts the first time it runs (<see cref="SubscriberStart"/>): a subscriber
/// with side effects that appears on a log already holding events starts at its end, so turning on
/// mail or the Redis relay in a running deployment does not replay days of history as side effects.
/// </summary>
internal static partial class SubscriberPlacement
{
    /// <returns><see langword="true"/>, once the subscriber has its place.</returns>
    public static async Task<bool> PlaceAsync(
        EventSubscriber subscriber, IEventLog log, ISubscriptionStore subscriptions, TimeProvider time, EventsOptions options, ILogger logger,
        CancellationToken cancellationToken)
    {
        var start = options.Subscribers.GetValueOrDefault(subscriber.Name)?.StartAt ?? subscriber.DefaultStart;
        if (start != SubscriberStart.End)
        {
            return true; // its first lease adds it at position 0
        }

        var newest = await log.NewestPositionAsync(cancellationToken).ConfigureAwait(false);
        if (await subscriptions.TryAddAsync(subscriber.Name, newest, time.GetUtcNow(), cancellationToken).ConfigureAwait(false) && newest > 0)
        {
            LogStartsAtEnd(logger, subscriber.Name, newest);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Subscriber {Subscriber} is new and starts at the end of the event log, after position {Position}: it is not handed the events before it. " +
                  "To hand a new subscriber the history, set Allocation:Events:Subscribers:<name>:StartAt=beginning before its first run.")]
    private static partial void LogStartsAtEnd(ILogger logger, string subscriber, long position);
}
