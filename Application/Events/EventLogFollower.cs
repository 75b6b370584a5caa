using Allocation.Application.Ports;

namespace Allocation.Application.Events;

/// <summary>
/// Follows the event log for one reader: reads the events after a position, and waits for more,
/// woken at once by a commit of this process (<see cref="EventLogSignal"/>) and by polling for
/// commits of other processes. After a commit wakes it, the next wait is short, since on PostgreSQL
/// an event may still be held back behind an older transaction; while nothing commits, it doubles
/// up to the poll interval. Subscribers, the long poll and the event stream all follow the log
/// through it. Not thread-safe: one instance per reader.
/// </summary>
public sealed class EventLogFollower
{
    /// <summary>The first wait after a commit, while its events may still be held back.</summary>
    public static readonly TimeSpan QuickRetry = TimeSpan.FromMilliseconds(2);

    private readonly IEventLog _log;
    private readonly EventLogSignal _signal;
    private readonly TimeSpan _pollInterval;
    private readonly TimeProvider _time;
    private Task? _nextCommit;
    private TimeSpan _wait;

    /// <summary>Creates a follower.</summary>
    /// <param name="log">The event log.</param>
    /// <param name="signal">This process's commit signal.</param>
    /// <param name="pollInterval">The longest wait between two reads: how soon another process's commit is seen.</param>
    /// <param name="time">The clock; the system clock when <see langword="null"/>.</param>
    public EventLogFollower(IEventLog log, EventLogSignal signal, TimeSpan pollInterval, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        _log = log;
        _signal = signal;
        _pollInterval = pollInterval;
        _time = time ?? TimeProvider.System;
        _wait = pollInterval;
    }

    /// <summary>Reads up to <paramref name="limit"/> events after <paramref name="after"/>; a commit after this read wakes the next <see cref="WaitAsync"/>.</summary>
    /// <param name="after">The position of the last event the reader has.</param>
    /// <param name="limit">The most events to read.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, in position order.</returns>
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        _nextCommit = _signal.NextCommit();
        return _log.ReadAsync(after, limit, cancellationToken);
    }

    /// <summary>
    /// Waits for a commit after the last read (or, with no read since the last wait, a commit from
    /// now on), or for the current poll wait, whichever is first; never throws.
    /// </summary>
    /// <param name="atMost">The longest this wait may take.</param>
    /// <param name="alsoWakeOn">Another task that ends the wait when it completes, if any.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    /// <returns><see langword="true"/> when a commit (or <paramref name="alsoWakeOn"/>) ended it.</returns>
    public async Task<bool> WaitAsync(TimeSpan atMost, Task? alsoWakeOn = null, CancellationToken cancellationToken = default)
    {
        // A commit that woke the last wait must not wake this one too: a reader that did not read
        // since (its lease is another process's) would spin.
        var nextCommit = _nextCommit ?? _signal.NextCommit();
        _nextCommit = null;
        var wake = alsoWakeOn is null ? nextCommit : Task.WhenAny(nextCommit, alsoWakeOn);
        var woken = await EventLogSignal.WaitAsync(wake, _wait < atMost ? _wait : atMost, cancellationToken).ConfigureAwait(false);
        _wait = woken ? QuickRetry : TimeSpan.FromTicks(Math.Min(_pollInterval.Ticks, _wait.Ticks * 2));
        return woken;
    }

    /// <summary>Reads the events after <paramref name="after"/>, waiting up to <paramref name="wait"/> for some to commit.</summary>
    /// <param name="after">The position of the last event the reader has.</param>
    /// <param name="limit">The most events to read.</param>
    /// <param name="wait">How long to wait for the first event; zero reads once.</param>
    /// <param name="stopWaiting">Ends the wait: what there is then is answered, without throwing.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The events, in position order; empty when none committed in time.</returns>
    public async Task<IReadOnlyList<LoggedEvent>> NextAsync(
        long after, int limit, TimeSpan wait, CancellationToken stopWaiting = default, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            var events = await ReadAsync(after, limit, cancellationToken).ConfigureAwait(false);
            var left = deadline - _time.GetUtcNow();
            if (events.Count > 0 || left <= TimeSpan.Zero || stopWaiting.IsCancellationRequested)
            {
                return events;
            }

            await WaitAsync(left, cancellationToken: stopWaiting).ConfigureAwait(false);
        }
    }
}
