namespace Allocation.Application.Events;

/// <summary>How subscribers follow the event log, and how long it is kept (configuration section <c>Allocation:Events</c>).</summary>
public sealed class EventsOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Allocation:Events";

    /// <summary>Where counting a subscriber's lag stops, so that reading it costs a bounded read: a subscriber this far behind is reported as this far.</summary>
    public const long LagCountLimit = 100_000;

    /// <summary>Whether this process runs the subscribers and the log's clean-up. Default on; turn it off on hosts that should only serve requests.</summary>
    public bool RunSubscribers { get; set; } = true;

    /// <summary>
    /// How often an idle subscriber looks for events committed by other processes. Commits of this
    /// process wake it at once. Default 1 s.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most events a subscriber reads at once, a page; its checkpoint moves after each page (and see <see cref="CheckpointInterval"/>). Default 100.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>The name <see cref="PageSize"/> had in 0.1; when set, and <see cref="PageSize"/> is not, it is used as that.</summary>
    [Obsolete("Renamed PageSize (Allocation:Events:PageSize).")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public int? BatchSize { get; set; }

    /// <summary>
    /// How often a subscriber saves its place while it works through a page, so that after a
    /// crash at most this much handling is repeated. Default 1 s.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times an event is tried before it is parked. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The delay before the first retry of a failed event; later ones double, up to <see cref="RetryMaxDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between two attempts. Default 10 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a process holds a subscriber without renewing it, before another may take over. Default 30 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long events are kept. Default 7 days. An event a subscriber has not reached yet is kept until it has.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long the ids of handled inbound messages are kept, so that a message delivered again
    /// changes nothing. Keep it far above the longest time a message can wait unacknowledged.
    /// Trimmed with the events. Default 7 days.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often old events (and old inbox ids) are deleted. Default 10 minutes.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How often the subscribers' lag and parked events are read for the gauges
    /// <c>allocation.events.lag</c>, <c>allocation.events.lag.age</c> and
    /// <c>allocation.events.parked.count</c>. Default 15 s.
    /// </summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a running transaction may hold readers back (keep committed events unreadable, see
    /// <c>allocation.events.holdback.age</c>) before <c>/health/ready</c> reports Degraded. Default 30 s.
    /// </summary>
    public TimeSpan HoldBackWarning { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Settings per subscriber, by name (<c>Allocation:Events:Subscribers:{name}</c>).</summary>
    public Dictionary<string, SubscriberSettings> Subscribers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
