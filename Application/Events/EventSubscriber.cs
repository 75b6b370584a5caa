using Allocation.Domain.Events;

namespace Allocation.Application.Events;

/// <summary>
/// A named follower of the event log with handlers for one or more event types. Its name keys its
/// checkpoint: rename it and it starts again from the beginning of the log.
/// </summary>
public sealed class EventSubscriber
{
    private readonly Dictionary<string, Func<IDomainEvent, EventContext, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);

    internal EventSubscriber(string name)
    {
        Name = name;
    }

    /// <summary>The subscriber's name (letters, digits, <c>.</c>, <c>-</c> and <c>_</c>).</summary>
    public string Name { get; }

    /// <summary>The event types it handles, by their logged names.</summary>
    public IReadOnlyCollection<string> EventTypes => _handlers.Keys;

    internal bool Handles(string type) => _handlers.ContainsKey(type);

    internal void Add<TEvent>(Func<TEvent, EventContext, CancellationToken, Task> handle)
        where TEvent : IDomainEvent
    {
        if (!_handlers.TryAdd(typeof(TEvent).Name, (domainEvent, context, ct) => handle((TEvent)domainEvent, context, ct)))
        {
            throw new InvalidOperationException($"Subscriber {Name} already handles {typeof(TEvent).Name}; give the second handler a subscriber of its own.");
        }
    }

    internal Task HandleAsync(IDomainEvent domainEvent, EventContext context, CancellationToken cancellationToken) =>
        _handlers[domainEvent.GetType().Name](domainEvent, context, cancellationToken);
}
