namespace Allocation.Application.Events;

/// <summary>A subscriber's place in the event log and who reads for it.</summary>
/// <param name="Subscriber">The subscriber's name.</param>
/// <param name="Position">The position of the last event it handled or parked.</param>
/// <param name="Owner">The process holding its lease, or <see langword="null"/> when none does.</param>
/// <param name="LeaseUntil">When that lease lapses unless renewed.</param>
/// <param name="UpdatedAt">When its checkpoint or lease last changed.</param>
/// <param name="Parked">How many of its events are parked now.</param>
public sealed record SubscriptionState(string Subscriber, long Position, string? Owner, DateTimeOffset? LeaseUntil, DateTimeOffset UpdatedAt, int Parked = 0);

/// <summary>An event a subscriber failed to handle too many times, set aside until an operator replays or deletes it.</summary>
/// <param name="Subscriber">The subscriber.</param>
/// <param name="Event">The event.</param>
/// <param name="Attempts">How many times handling it failed.</param>
/// <param name="Error">The last failure, for people.</param>
/// <param name="ParkedAt">When it was (last) parked.</param>
/// <param name="ReplayRequested">Whether an operator asked for it to be delivered again.</param>
public sealed record ParkedEvent(string Subscriber, LoggedEvent Event, int Attempts, string Error, DateTimeOffset ParkedAt, bool ReplayRequested);
