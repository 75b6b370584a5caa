using Allocation.Application.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Events;

/// <summary>
/// The hosted service that delivers the event log to every registered <see cref="EventSubscriber"/>
/// after commit (at least once, in log order, so in order per SKU), and deletes events past their
/// retention. Several processes on one database share the work: each subscriber is read by one
/// process at a time, the holder of its lease.
/// </summary>
public sealed partial class EventDispatcher : BackgroundService
{
    private readonly IReadOnlyList<EventSubscriber> _subscribers;
    private readonly IServiceProvider _services;
    private readonly EventsOptions _options;
    private readonly ILogger<EventDispatcher> _logger;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="subscribers">The subscribers registered with <c>OnEvent</c> or <c>AddEventHandler</c>.</param>
    /// <param name="services">Where the store's event log, subscription store and commit signal are resolved.</param>
    /// <param name="options">Delivery and retention settings.</param>
    /// <param name="logger">Where failures and parked events are logged.</param>
    public EventDispatcher(IEnumerable<EventSubscriber> subscribers, IServiceProvider services, IOptions<EventsOptions> options, ILogger<EventDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _subscribers = [.. subscribers ?? throw new ArgumentNullException(nameof(subscribers))];
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _options = options.Value;
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// Delivers every event committed so far to every subscriber, then returns: for tests and
    /// tools. Subscribers another process holds are skipped.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when every subscriber this process could lease has caught up.</returns>
    /// <exception cref="InvalidOperationException">The store registers no event log.</exception>
    public async Task DispatchPendingAsync(CancellationToken cancellationToken = default)
    {
        var ports = ResolvePorts() ?? throw new InvalidOperationException("The store registers no event log (IEventLog, ISubscriptionStore, EventLogSignal).");
        foreach (var subscriber in _subscribers)
        {
            var loop = new SubscriberLoop(subscriber, ports, _options, _owner, _logger);
            while (!await loop.PassAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.RunSubscribers)
        {
            LogOff(_logger);
            return;
        }

        if (ResolvePorts() is not { } ports)
        {
            if (_subscribers.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Subscribers are registered ({string.Join(", ", _subscribers.Select(s => s.Name))}) but the store registers no event log.");
            }

            return;
        }

        var names = string.Join(", ", _subscribers.Select(s => s.Name));
        LogStarting(_logger, _subscribers.Count, names);
        using var gauges = new SubscriberGauges(ports, [.. _subscribers.Select(s => s.Name)], _logger);
        var loops = _subscribers.Select(subscriber => new SubscriberLoop(subscriber, ports, _options, _owner, _logger).RunAsync(stoppingToken));
        await Task.WhenAll([
            .. loops,
            new EventLogRetention(ports, _options, _logger).RunAsync(stoppingToken),
            gauges.RunAsync(_options.MetricsInterval, stoppingToken),
        ]).ConfigureAwait(false);
    }

    private Ports? ResolvePorts()
    {
        var log = _services.GetService<IEventLog>();
        var subscriptions = _services.GetService<ISubscriptionStore>();
        var signal = _services.GetService<EventLogSignal>();
        return log is null || subscriptions is null || signal is null
            ? null
            : new Ports(
                log, subscriptions, signal, _services.GetRequiredService<IServiceScopeFactory>(), _services.GetService<TimeProvider>() ?? TimeProvider.System,
                _services.GetService<IInbox>());
    }

    /// <summary>What the subscriber loops and the clean-up need from the store and the host; a store without an inbox has none to trim.</summary>
    internal sealed record Ports(
        IEventLog Log, ISubscriptionStore Subscriptions, EventLogSignal Signal, IServiceScopeFactory Scopes, TimeProvider Time, IInbox? Inbox = null);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivering the event log to {Count} subscriber(s): {Subscribers}")]
    private static partial void LogStarting(ILogger logger, int count, string subscribers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribers and event-log clean-up are off in this process (Allocation:Events:RunSubscribers=false)")]
    private static partial void LogOff(ILogger logger);
}
