namespace Allocation.Application.Events;

/// <summary>Where a subscriber that is new to the event log starts reading.</summary>
public enum SubscriberStart
{
    /// <summary>At the oldest event the log still keeps: it is handed the history.</summary>
    Beginning,

    /// <summary>After the newest event: it is handed only what commits from now on.</summary>
    End,
}
