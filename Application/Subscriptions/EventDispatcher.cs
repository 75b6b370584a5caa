using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// The hosted service that delivers the event log to every registered <see cref="EventSubscriber"/>
/// after commit (at least once, in log order, so in order per SKU), and runs the chores beside it:
/// trimming the log, trimming the inbox, sampling lag. Several processes on one database share the
/// work: each subscriber is read by one process at a time, the holder of its lease.
/// </summary>
internal sealed partial class EventDispatcher(
    IEnumerable<EventSubscriber> subscribers, SubscriberLoops loops, EventLogTrimmer logTrimmer, InboxTrimmer inboxTrimmer, LagSampler lag,
    IEventLog log, IOptions<EventsOptions> options, ILogger<EventDispatcher> logger) : BackgroundService
{
    private readonly IReadOnlyList<EventSubscriber> _subscribers = [.. subscribers];
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Delivers every event committed so far to every subscriber this process can lease, then returns: for tests.</summary>
    internal async Task DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        foreach (var subscriber in _subscribers)
        {
            var loop = loops.For(subscriber, _owner);
            while (!await loop.PassAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunSubscribers)
        {
            LogOff(logger);
            return;
        }

        if (log is NoEventLog)
        {
            if (_subscribers.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Subscribers are registered ({string.Join(", ", _subscribers.Select(s => s.Name))}) but the store registers no event log.");
            }

            return;
        }

        var names = string.Join(", ", _subscribers.Select(s => s.Name));
        LogStarting(logger, _subscribers.Count, names);
        await Task.WhenAll([
            .. _subscribers.Select(subscriber => loops.For(subscriber, _owner).RunAsync(stoppingToken)),
            logTrimmer.RunAsync(stoppingToken),
            inboxTrimmer.RunAsync(stoppingToken),
            lag.RunAsync(stoppingToken),
        ]).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivering the event log to {Count} subscriber(s): {Subscribers}")]
    private static partial void LogStarting(ILogger logger, int count, string subscribers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribers and event-log clean-up are off in this process (Allocation:Events:RunSubscribers=false)")]
    private static partial void LogOff(ILogger logger);
}
