namespace Allocation.Application;

/// <summary>Settings of the application layer (configuration section <c>Allocation</c>).</summary>
public sealed class AllocationOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Allocation";

    /// <summary>How use cases retry concurrency conflicts and transient store faults.</summary>
    public RetryOptions Retry { get; init; } = new();

    /// <summary>
    /// How many concurrent allocations may share a unit of work (ADR 0013): those that arrive in a
    /// lane while one allocates there are loaded, allocated and committed together, each
    /// succeeding or failing on its own. Default 64; 1 gives every allocation its own unit of work.
    /// </summary>
    public int MaxAllocationsPerCommit { get; set; } = 64;

    /// <summary>
    /// How many units of work allocate side by side in this process (ADR 0013); allocations of one
    /// SKU always share a lane. 0, the default, lets the store decide: 1 where it has a single
    /// writer (SQLite), otherwise four per processor.
    /// </summary>
    public int AllocationLanes { get; set; }
}

/// <summary>
/// How a use case is retried when its commit meets a concurrency conflict or the store has a
/// transient fault. Each attempt runs the whole use case again on a fresh unit of work.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off. Default 5, at most 100.</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The delay before the first retry; later ones grow exponentially. Default 20 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest delay between two attempts. Default 1 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether delays are randomised so that competing callers spread out. Default on.</summary>
    public bool UseJitter { get; set; } = true;
}
