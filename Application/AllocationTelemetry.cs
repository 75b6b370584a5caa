using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Allocation.Application;

/// <summary>
/// Allocation's traces and metrics, both named <c>Allocation</c>, so OpenTelemetry collects them
/// with <c>AddSource("Allocation")</c> and <c>AddMeter("Allocation")</c> and no code change.
/// </summary>
/// <remarks>
/// Metrics: <c>allocation.requests</c> (every allocation answered, tagged <c>outcome</c>:
/// <c>allocated</c>, <c>repeat</c>, or the failure's code such as <c>out-of-stock</c>),
/// <c>allocation.allocations</c> (lines allocated), <c>allocation.out_of_stock</c>,
/// <c>allocation.conflicts</c> (version conflicts met, retried or not), <c>allocation.retries</c>
/// (tagged <c>reason</c>), <c>allocation.commit.size</c> (allocations that shared one commit), and <c>allocation.duration</c> (ms per use case, tagged <c>use_case</c>
/// and <c>outcome</c>: <c>ok</c> or the failure's code). Each use case is an activity named after it.
/// Event delivery: <c>allocation.events.delivered</c>, <c>allocation.events.failures</c> and
/// <c>allocation.events.parked</c>, each tagged <c>subscriber</c>; the gauges
/// <c>allocation.events.lag</c>, <c>allocation.events.lag.age</c> and <c>allocation.events.parked.count</c>
/// in a process that runs subscribers.
/// Every tag takes a bounded set of values: no order id, SKU or batch reference is ever a tag.
/// </remarks>
public static class AllocationTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "Allocation";

    internal static readonly ActivitySource Source = new(Name);

    /// <summary>The one meter every Allocation instrument is created on, adapters' included.</summary>
    public static readonly Meter Meter = new(Name);

    /// <summary>The lag samplers running in this process; the gauges report each one's latest reading.</summary>
    internal static readonly ConcurrentDictionary<Subscriptions.LagSampler, bool> Samplers = new();

    internal static readonly Counter<long> Requests = Meter.CreateCounter<long>(
        "allocation.requests", "{line}", "Allocation requests answered, tagged outcome: allocated, repeat, or the failure's code.");

    internal static readonly Counter<long> Allocations = Meter.CreateCounter<long>("allocation.allocations", "{line}", "Order lines allocated.");

    internal static readonly Counter<long> OutOfStock = Meter.CreateCounter<long>("allocation.out_of_stock", "{line}", "Allocations refused for lack of stock.");

    internal static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("allocation.conflicts", "{conflict}", "Commits refused because a product changed since it was loaded.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>("allocation.retries", "{retry}", "Use cases run again after a conflict or a transient fault.");

    internal static readonly Counter<long> EventsDelivered = Meter.CreateCounter<long>("allocation.events.delivered", "{event}", "Events a subscriber handled, tagged subscriber.");

    internal static readonly Counter<long> EventFailures = Meter.CreateCounter<long>("allocation.events.failures", "{attempt}", "Failed attempts to handle an event, tagged subscriber.");

    internal static readonly Counter<long> EventsParked = Meter.CreateCounter<long>("allocation.events.parked", "{event}", "Events set aside after too many failures, tagged subscriber.");

    internal static readonly Histogram<int> CommitSize = Meter.CreateHistogram<int>(
        "allocation.commit.size", "{line}", "Allocations committed together in one unit of work.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("allocation.duration", "ms", "How long a use case took, retries included.");

    // The gauges read the samplers' latest readings; they are created once, with the meter.
#pragma warning disable CA1810 // nothing to inline: the gauges are registered, not stored
    static AllocationTelemetry()
    {
        Meter.CreateObservableGauge(
            "allocation.events.lag", () => Measure(reading => reading.Lag), "{event}",
            $"Events committed after a subscriber's checkpoint (counted up to {Events.EventsOptions.LagCountLimit}), tagged subscriber.");
        Meter.CreateObservableGauge(
            "allocation.events.lag.age", () => Measure(reading => reading.Age.TotalSeconds), "s",
            "How long ago the oldest event a subscriber has not handled occurred; 0 when it is caught up. Tagged subscriber.");
        Meter.CreateObservableGauge(
            "allocation.events.parked.count", () => Measure(reading => reading.Parked), "{event}",
            "A subscriber's events parked now, waiting for an operator to replay or delete them, tagged subscriber.");
        Meter.CreateObservableGauge(
            "allocation.events.trimmed", () => Measure(reading => reading.Trimmed ? 1L : 0L), "{subscriber}",
            "1 when retention deleted events a subscriber had not read: it has stopped until an operator skips the gap. Tagged subscriber.");
        Meter.CreateObservableGauge(
            "allocation.events.holdback.age",
            () => Samplers.Keys.Select(s => s.Latest).OfType<Subscriptions.LagSampler.Sample>().Select(latest => new Measurement<double>(latest.HoldBack.TotalSeconds)),
            "s", "How long the oldest running transaction has kept committed events from readers; 0 when none does.");
    }
#pragma warning restore CA1810

    private static IEnumerable<Measurement<T>> Measure<T>(Func<Subscriptions.LagSampler.Reading, T> value)
        where T : struct =>
        Samplers.Keys.Select(s => s.Latest).OfType<Subscriptions.LagSampler.Sample>().SelectMany(latest => latest.Subscribers)
            .Select(reading => new Measurement<T>(value(reading), new KeyValuePair<string, object?>("subscriber", reading.Subscriber)));

    /// <summary>Counts one answered allocation under its outcome.</summary>
    internal static void CountRequest(UseCases.LineOutcome outcome) =>
        Requests.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Result switch
        {
            { WasAlreadyAllocated: true } => "repeat",
            not null => "allocated",
            null => CodeOf(outcome.Failure),
        }));

    /// <summary>Records one committed unit of work of allocations: its size, the lines it allocated, and those refused for lack of stock.</summary>
    internal static void CountCommitted(IReadOnlyList<UseCases.LineOutcome> outcomes)
    {
        CommitSize.Record(outcomes.Count);
        foreach (var outcome in outcomes)
        {
            if (outcome.Result is { WasAlreadyAllocated: false })
            {
                Allocations.Add(1);
            }
            else if (outcome.Failure is Domain.Errors.OutOfStockException)
            {
                OutOfStock.Add(1);
            }
        }
    }

    /// <summary>The stable code a failure is counted and traced under: a bounded set of values.</summary>
    internal static string CodeOf(Exception? exception) => exception switch
    {
        Domain.Errors.AllocationException rule => rule.Code,
        Errors.StoreUnavailableException unavailable => unavailable.Code,
        OperationCanceledException => "cancelled",
        _ => "error",
    };
}
