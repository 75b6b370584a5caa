using Microsoft.Extensions.Options;

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
    /// Ignored since 0.2: SQLite's group commit is gone (ADR 0018), since concurrent allocations
    /// already share units of work in Allocate's scheduler (<c>Allocation:MaxAllocationsPerCommit</c>),
    /// and group commit added nothing on top of it. Setting it changes nothing.
    /// </summary>
    [Obsolete("SQLite's group commit is gone (ADR 0018); use Allocation:MaxAllocationsPerCommit. This setting is ignored.")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public int CommitGroupLimit { get; set; } = 64;

    /// <summary>
    /// Whether commits write their events to the event log (default). <see langword="false"/> exists
    /// to measure what the log costs: with it off, subscribers, the event feed and notifications
    /// see nothing at all. Never turn it off in a service that has subscribers.
    /// </summary>
    public bool LogEvents { get; set; } = true;

    /// <summary>The configuration section a host binds these options from.</summary>
    public const string SectionName = "Allocation:Database";

    /// <summary>What is wrong with these settings, each naming its setting; empty when they are sound.</summary>
    internal IEnumerable<(string Setting, string Problem)> Problems()
    {
        if (LockTimeout <= TimeSpan.Zero || LockTimeout > TimeSpan.FromMinutes(10))
        {
            yield return (nameof(LockTimeout), $"{SectionName}:LockTimeout must be more than zero and at most 00:10:00 (got {LockTimeout}).");
        }

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout > TimeSpan.FromHours(1))
        {
            yield return (nameof(CommandTimeout), $"{SectionName}:CommandTimeout must be more than zero and at most 01:00:00 (got {CommandTimeout}).");
        }
    }
}

/// <summary>Checks <see cref="AllocationDatabaseOptions"/> when the host starts (registered with <c>ValidateOnStart</c>).</summary>
internal sealed class AllocationDatabaseOptionsValidator : IValidateOptions<AllocationDatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, AllocationDatabaseOptions options)
    {
        var problems = options.Problems().Select(p => p.Problem).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
