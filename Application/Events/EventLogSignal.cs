namespace Allocation.Application.Events;

/// <summary>
/// Wakes readers of the event log as soon as this process commits events, so that subscribers
/// and long-polling feed requests need not wait for their next poll. Commits made by other
/// processes are found by polling. One instance per store; thread-safe.
/// </summary>
public sealed class EventLogSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Says that events were committed: every current waiter wakes.</summary>
    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>
    /// The task that completes on the next <see cref="Notify"/>. Take it before reading the log,
    /// then await it with <see cref="WaitAsync"/>, so that a commit in between is not missed.
    /// </summary>
    /// <returns>The task.</returns>
    public Task NextCommit() => Volatile.Read(ref _next).Task;

    /// <summary>Waits for a task from <see cref="NextCommit"/>, the timeout, or cancellation.</summary>
    /// <param name="nextCommit">The task taken before the log was read.</param>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Ends the wait early (without throwing).</param>
    /// <returns><see langword="true"/> when woken by a commit.</returns>
    public static async Task<bool> WaitAsync(Task nextCommit, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nextCommit);
        if (nextCommit.IsCompleted)
        {
            return true;
        }

        // Without throwing: a timeout is the common case for a poller, and a thousand waiters
        // catching a TimeoutException each a few times a second cost more than their work.
        await nextCommit.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return nextCommit.IsCompleted;
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
