namespace Allocation.Adapters.Sql;

/// <summary>Settings of an <see cref="AllocationDatabase"/>, for SQLite and PostgreSQL alike.</summary>
public sealed class AllocationDatabaseOptions
{
    /// <summary>
    /// How long a unit of work waits for another writer before it fails with a non-transient
    /// <see cref="Application.Errors.StoreUnavailableException"/> (HTTP 503). Default 5 s.
    /// PostgreSQL applies it as <c>lock_timeout</c>; SQLite waits for its write lock this long,
    /// rounded up to whole seconds.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one command may run before it is cancelled (PostgreSQL). Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether loading a product for a change locks it until the unit of work ends, so that
    /// writers of one product queue (default). Turn it off only to measure or test the optimistic
    /// version check alone: concurrent writers then meet conflicts and retries.
    /// </summary>
    public bool LockProductsForChange { get; set; } = true;

    /// <summary>
    /// SQLite only: whether each commit is flushed to disk before it is acknowledged
    /// (<c>synchronous=FULL</c>, the default: an acknowledged allocation survives a power cut).
    /// <see langword="false"/> uses <c>synchronous=NORMAL</c>: about three times the write rate, but
    /// the last commits can be lost on power loss (never on a process crash).
    /// </summary>
    public bool DurableCommits { get; set; } = true;

    /// <summary>
    /// Whether commits write their events to the event log (default). <see langword="false"/> exists
    /// to measure what the log costs: with it off, subscribers, the event feed and notifications
    /// see nothing at all. Never turn it off in a service that has subscribers.
    /// </summary>
    public bool LogEvents { get; set; } = true;

    internal void Validate()
    {
        if (LockTimeout <= TimeSpan.Zero || LockTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "LockTimeout must be more than zero and at most 10 minutes.");
        }

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "CommandTimeout must be more than zero and at most an hour.");
        }
    }
}
