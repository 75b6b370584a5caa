using Allocation.Application.Events;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Allocation.Application.Subscriptions;

/// <summary>
/// Samples, every <see cref="EventsOptions.MetricsInterval"/>, how far each subscriber this process
/// runs is behind the log (<see cref="SubscriptionLag"/>), and how long readers are held back: the
/// readings behind the <c>allocation.events.*</c> gauges of <see cref="AllocationTelemetry"/>. The
/// store is never read while a scrape waits; the gauges report the latest reading while the
/// sampler runs, and nothing once it stops.
/// </summary>
internal sealed partial class LagSampler : IDisposable
{
    private readonly SubscriptionLag _lag;
    private readonly IEventLog _log;
    private readonly IReadOnlyList<string> _subscribers;
    private readonly TimeProvider _time;
    private readonly EventsOptions _options;
    private readonly ILogger _logger;
    private volatile Sample? _latest;

    public LagSampler(
        SubscriptionLag lag, IEventLog log, IEnumerable<EventSubscriber> subscribers, TimeProvider time, IOptions<EventsOptions> options, ILogger<LagSampler> logger)
    {
        _lag = lag;
        _log = log;
        _subscribers = [.. subscribers.Select(s => s.Name)];
        _time = time;
        _options = options.Value;
        _logger = logger;
        AllocationTelemetry.Samplers[this] = true;
    }

    /// <summary>The latest reading; <see langword="null"/> before the first and after the sampler stops.</summary>
    public Sample? Latest => _latest;

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await Periodically.RunAsync(SampleAsync, _options.MetricsInterval, _time, e => LogFailed(_logger, e), stopping).ConfigureAwait(false);
        }
        finally
        {
            _latest = null;
        }
    }

    /// <summary>Reads each subscriber's lag and parked count, then the hold-back.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var readings = (await _lag.ReadAsync(_subscribers, cancellationToken: cancellationToken).ConfigureAwait(false))
            .Select(s => new Reading(
                s.Subscriber, s.Lag.Events, s.Lag.OldestOccurredAt is { } oldest && oldest < now ? now - oldest : TimeSpan.Zero,
                s.State?.Parked ?? 0, s.Lag.TrimmedThrough is not null))
            .ToList();
        _latest = new Sample(readings, await _log.HoldBackAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Dispose() => AllocationTelemetry.Samplers.TryRemove(this, out _);

    /// <summary>One reading: each subscriber's, and how long the oldest running transaction holds readers back.</summary>
    internal sealed record Sample(IReadOnlyList<Reading> Subscribers, TimeSpan HoldBack);

    /// <summary>One subscriber's lag, the age of its oldest unhandled event, its parked events, and whether events it had not read were trimmed.</summary>
    internal sealed record Reading(string Subscriber, long Lag, TimeSpan Age, long Parked, bool Trimmed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the subscribers' lag for the metrics; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
