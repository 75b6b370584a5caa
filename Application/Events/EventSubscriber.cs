using Allocation.Domain.Events;

namespace Allocation.Application.Events;

/// <summary>
/// A named follower of the event log: handlers for one or more event types, or one handler of
/// every page of logged events as they are stored (a relay to another system). Its name keys its checkpoint:
/// rename it and it starts again from the beginning of the log.
/// </summary>
public sealed class EventSubscriber
{
    private readonly Dictionary<string, Func<IDomainEvent, EventContext, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);
    private Func<IReadOnlyList<LoggedEvent>, EventContext, CancellationToken, Task>? _pages;

    internal EventSubscriber(string name)
    {
        Name = name;
    }

    /// <summary>The subscriber's name (letters, digits, <c>.</c>, <c>-</c> and <c>_</c>).</summary>
    public string Name { get; }

    /// <summary>Where it starts when it first appears, unless its settings say otherwise: the end, for a subscriber with side effects.</summary>
    internal SubscriberStart DefaultStart { get; set; }

    internal bool Handles(string type) => _pages is not null || _handlers.ContainsKey(type);

    /// <summary>Whether it takes the log a page at a time (see <see cref="HandlePageAsync"/>).</summary>
    internal bool TakesPages => _pages is not null;

    internal void Add<TEvent>(Func<TEvent, EventContext, CancellationToken, Task> handle)
        where TEvent : IDomainEvent
    {
        if (_pages is not null || !_handlers.TryAdd(typeof(TEvent).Name, (domainEvent, context, ct) => handle((TEvent)domainEvent, context, ct)))
        {
            throw new InvalidOperationException($"Subscriber {Name} already handles {typeof(TEvent).Name}; give the second handler a subscriber of its own.");
        }
    }

    internal void AddPages(Func<IReadOnlyList<LoggedEvent>, EventContext, CancellationToken, Task> handle)
    {
        if (_pages is not null || _handlers.Count > 0)
        {
            throw new InvalidOperationException($"Subscriber {Name} has handlers already; a handler of every page needs a subscriber of its own.");
        }

        _pages = handle;
    }

    /// <summary>Handles a whole page of logged events, in position order.</summary>
    internal Task HandlePageAsync(IReadOnlyList<LoggedEvent> page, EventContext context, CancellationToken cancellationToken) =>
        _pages!(page, context, cancellationToken);

    /// <summary>Handles one logged event, read back into its type (skipped when this build does not know the type).</summary>
    internal Task HandleAsync(LoggedEvent logged, EventContext context, CancellationToken cancellationToken)
    {
        return logged.ToDomainEvent() is { } domainEvent
            ? _handlers[domainEvent.GetType().Name](domainEvent, context, cancellationToken)
            : Task.CompletedTask; // a type a newer build wrote: this build cannot handle it
    }
}
