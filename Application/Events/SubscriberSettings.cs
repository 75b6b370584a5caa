namespace Allocation.Application.Events;

/// <summary>The settings of one subscriber, under <c>Allocation:Events:Subscribers:{name}</c>.</summary>
public sealed class SubscriberSettings
{
    /// <summary>
    /// Where the subscriber starts the first time it runs: <c>beginning</c> or <c>end</c>. Unset, a
    /// subscriber with side effects (the out-of-stock mail, the Redis relay) starts at the end and
    /// any other at the beginning. Ignored once the subscriber has a checkpoint.
    /// </summary>
    public SubscriberStart? StartAt { get; set; }
}
