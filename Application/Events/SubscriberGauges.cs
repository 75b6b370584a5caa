using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Allocation.Application.Events;

/// <summary>
/// The gauges <c>allocation.events.lag</c> (the events committed after a subscriber's checkpoint,
/// counted up to <see cref="EventsOptions.LagCountLimit"/>), <c>allocation.events.lag.age</c> (how long ago the
/// oldest of them occurred, held back or not), <c>allocation.events.parked.count</c> (its events parked
/// now) and <c>allocation.events.trimmed</c> (1 when retention deleted events it had not read), one
/// point per subscriber this process runs, tagged <c>subscriber</c>; and
/// <c>allocation.events.holdback.age</c>, how long a running transaction has kept committed events
/// from readers. The store is read every <see cref="EventsOptions.MetricsInterval"/>, never while a
/// scrape waits; the gauges report the latest reading and disappear when the dispatcher stops.
/// </summary>
internal sealed partial class SubscriberGauges : IDisposable
{
    private readonly EventDispatcher.Ports _ports;
    private readonly IReadOnlyList<string> _subscribers;
    private readonly ILogger _logger;
    private readonly Meter _meter = new(AllocationTelemetry.Name);
    private volatile Snapshot? _latest;

    public SubscriberGauges(EventDispatcher.Ports ports, IReadOnlyList<string> subscribers, ILogger logger)
    {
        _ports = ports;
        _subscribers = subscribers;
        _logger = logger;
        _meter.CreateObservableGauge(
            "allocation.events.lag", () => Measure(reading => reading.Lag), "{event}",
            $"Events committed after a subscriber's checkpoint (counted up to {EventsOptions.LagCountLimit}), tagged subscriber.");
        _meter.CreateObservableGauge(
            "allocation.events.lag.age", () => Measure(reading => reading.Age.TotalSeconds), "s",
            "How long ago the oldest event a subscriber has not handled occurred; 0 when it is caught up. Tagged subscriber.");
        _meter.CreateObservableGauge(
            "allocation.events.parked.count", () => Measure(reading => reading.Parked), "{event}",
            "A subscriber's events parked now, waiting for an operator to replay or delete them, tagged subscriber.");
        _meter.CreateObservableGauge(
            "allocation.events.trimmed", () => Measure(reading => reading.Trimmed ? 1L : 0L), "{subscriber}",
            "1 when retention deleted events a subscriber had not read: it has stopped until an operator skips the gap. Tagged subscriber.");
        _meter.CreateObservableGauge(
            "allocation.events.holdback.age", () => _latest is { } latest ? [new Measurement<double>(latest.HoldBack.TotalSeconds)] : Array.Empty<Measurement<double>>(), "s",
            "How long the oldest running transaction has kept committed events from readers; 0 when none does.");
    }

    public Task RunAsync(TimeSpan interval, CancellationToken stopping) =>
        Periodically.RunAsync(SampleAsync, interval, _ports.Time, e => LogFailed(_logger, e), stopping);

    /// <summary>Reads every subscriber's checkpoint and parked count, then the events after each checkpoint, then the hold-back.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var states = (await _ports.Subscriptions.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Subscriber, StringComparer.Ordinal);
        var now = _ports.Time.GetUtcNow();
        var readings = new List<Reading>(_subscribers.Count);
        foreach (var name in _subscribers)
        {
            var state = states.GetValueOrDefault(name); // a subscriber that never leased starts from the beginning
            var checkpoint = state?.Position ?? 0;
            var lag = await _ports.Log.LagAsync(checkpoint, EventsOptions.LagCountLimit, cancellationToken).ConfigureAwait(false);
            var age = lag.OldestOccurredAt is { } oldest && oldest < now ? now - oldest : TimeSpan.Zero;
            readings.Add(new Reading(name, lag.Events, age, state?.Parked ?? 0, lag.TrimmedThrough is not null));
        }

        _latest = new Snapshot(readings, await _ports.Log.HoldBackAsync(cancellationToken).ConfigureAwait(false));
    }

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<T>> Measure<T>(Func<Reading, T> value)
        where T : struct =>
        (_latest?.Subscribers ?? []).Select(reading => new Measurement<T>(value(reading), new KeyValuePair<string, object?>("subscriber", reading.Subscriber)));

    /// <summary>The latest reading: each subscriber's, and the hold-back.</summary>
    private sealed record Snapshot(IReadOnlyList<Reading> Subscribers, TimeSpan HoldBack);

    /// <summary>One subscriber's lag, the age of its oldest unhandled event, its parked events, and whether events it had not read were trimmed, at the latest reading.</summary>
    internal sealed record Reading(string Subscriber, long Lag, TimeSpan Age, long Parked, bool Trimmed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the subscribers' lag for the metrics; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
