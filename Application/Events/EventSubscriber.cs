using Allocation.Domain.Events;

namespace Allocation.Application.Events;

/// <summary>
/// A named follower of the event log: handlers for one or more event types, or one handler for
/// every logged event as it is stored (a relay to another system). Its name keys its checkpoint:
/// rename it and it starts again from the beginning of the log.
/// </summary>
public sealed class EventSubscriber
{
    private readonly Dictionary<string, Func<IDomainEvent, EventContext, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);
    private Func<LoggedEvent, EventContext, CancellationToken, Task>? _everyEvent;

    internal EventSubscriber(string name)
    {
        Name = name;
    }

    /// <summary>The subscriber's name (letters, digits, <c>.</c>, <c>-</c> and <c>_</c>).</summary>
    public string Name { get; }

    /// <summary>The event types it handles, by their logged names; empty when it takes every event.</summary>
    public IReadOnlyCollection<string> EventTypes => _handlers.Keys;

    /// <summary>
    /// Whether a failing event is retried until it succeeds instead of being parked: for relays to
    /// infrastructure (a broker), where a failure means "not now" and order matters more than progress.
    /// </summary>
    public bool RetriesForever { get; private set; }

    internal bool Handles(string type) => _everyEvent is not null || _handlers.ContainsKey(type);

    internal void Add<TEvent>(Func<TEvent, EventContext, CancellationToken, Task> handle)
        where TEvent : IDomainEvent
    {
        if (_everyEvent is not null || !_handlers.TryAdd(typeof(TEvent).Name, (domainEvent, context, ct) => handle((TEvent)domainEvent, context, ct)))
        {
            throw new InvalidOperationException($"Subscriber {Name} already handles {typeof(TEvent).Name}; give the second handler a subscriber of its own.");
        }
    }

    internal void AddEveryEvent(Func<LoggedEvent, EventContext, CancellationToken, Task> handle, bool retryForever)
    {
        if (_everyEvent is not null || _handlers.Count > 0)
        {
            throw new InvalidOperationException($"Subscriber {Name} has handlers already; a handler of every event needs a subscriber of its own.");
        }

        _everyEvent = handle;
        RetriesForever = retryForever;
    }

    /// <summary>Handles one logged event: as stored, or read back into its type (skipped when this build does not know the type).</summary>
    internal Task HandleAsync(LoggedEvent logged, EventContext context, CancellationToken cancellationToken)
    {
        if (_everyEvent is not null)
        {
            return _everyEvent(logged, context, cancellationToken);
        }

        return EventPayload.Read(logged) is { } domainEvent
            ? _handlers[domainEvent.GetType().Name](domainEvent, context, cancellationToken)
            : Task.CompletedTask; // a type a newer build wrote: this build cannot handle it
    }
}
