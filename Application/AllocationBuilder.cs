using System.Text.RegularExpressions;
using Allocation.Application.Events;
using Allocation.Application.Handlers;
using Allocation.Domain.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Allocation.Application;

/// <summary>
/// Chooses Allocation's store inside <c>services.AddAllocation(...)</c>: the adapter packages add
/// <c>UseSqlite</c>, <c>UsePostgres</c> and <c>UseInMemory</c> to it.
/// </summary>
public sealed partial class AllocationBuilder
{
    internal AllocationBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Subscribes a handler to one type of event, in one line: <c>a.OnEvent&lt;Allocated&gt;("shipping", (e, ct) =&gt; ...)</c>.
    /// It runs after the change that raised the event committed, at least once, in log order;
    /// failures are retried with backoff, then parked. Handlers registered under one name share
    /// that subscriber's checkpoint.
    /// </summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="subscriber">The subscriber's name: letters, digits, <c>.</c>, <c>-</c> or <c>_</c>. It keys the checkpoint.</param>
    /// <param name="handle">Handles one event.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    /// <exception cref="InvalidOperationException">The subscriber already handles this event type.</exception>
    public AllocationBuilder OnEvent<TEvent>(string subscriber, Func<TEvent, CancellationToken, Task> handle)
        where TEvent : IDomainEvent
    {
        ArgumentNullException.ThrowIfNull(handle);
        return OnEvent<TEvent>(subscriber, (domainEvent, _, ct) => handle(domainEvent, ct));
    }

    /// <summary>As <see cref="OnEvent{TEvent}(string, Func{TEvent, CancellationToken, Task})"/>, with the delivery's context (position, attempt, scoped services).</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="handle">Handles one event.</param>
    /// <returns>This builder.</returns>
    public AllocationBuilder OnEvent<TEvent>(string subscriber, Func<TEvent, EventContext, CancellationToken, Task> handle)
        where TEvent : IDomainEvent
    {
        ArgumentNullException.ThrowIfNull(handle);
        Subscriber(subscriber).Add(handle);
        return this;
    }

    /// <summary>
    /// Subscribes one handler to the log a page at a time (up to <c>Allocation:Events:PageSize</c>
    /// events, in position order), retrying a failed page until it succeeds: for relays that send
    /// events to another system in one round trip per page. The handler must be idempotent per event,
    /// since a retried page may have been partly delivered.
    /// </summary>
    /// <param name="subscriber">The subscriber's name; it keys the checkpoint and takes no other handler.</param>
    /// <param name="handle">Handles one page.</param>
    /// <returns>This builder.</returns>
    public AllocationBuilder OnEventPages(string subscriber, Func<IReadOnlyList<LoggedEvent>, EventContext, CancellationToken, Task> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Subscriber(subscriber).AddPages(handle);
        return this;
    }

    /// <summary>The name <see cref="OnEventPages"/> had in 0.1.</summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <param name="handle">Handles one page.</param>
    /// <returns>This builder.</returns>
    [Obsolete("Renamed OnEventPages: a page of events, not a batch of stock.")]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public AllocationBuilder OnEventBatches(string subscriber, Func<IReadOnlyList<LoggedEvent>, EventContext, CancellationToken, Task> handle) =>
        OnEventPages(subscriber, handle);

    /// <summary>Subscribes an <see cref="IEventHandler{TEvent}"/>, resolved from a fresh service scope for every delivery.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <typeparam name="THandler">The handler; registered as scoped unless registered before.</typeparam>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <returns>This builder.</returns>
    public AllocationBuilder AddEventHandler<TEvent, THandler>(string subscriber)
        where TEvent : IDomainEvent
        where THandler : class, IEventHandler<TEvent>
    {
        Services.TryAddScoped<THandler>();
        return OnEvent<TEvent>(subscriber, (domainEvent, context, ct) =>
            context.Services.GetRequiredService<THandler>().HandleAsync(domainEvent, context, ct));
    }

    /// <summary>
    /// Tells people when a SKU runs out, through the registered <see cref="Ports.INotifications"/>:
    /// once per out-of-stock episode, until its stock goes up (<see cref="OutOfStockNotifier"/>).
    /// The store must register <see cref="Ports.IOutOfStockNotices"/> (the SQL and in-memory stores do).
    /// </summary>
    /// <returns>This builder.</returns>
    public AllocationBuilder NotifyOutOfStock() =>
        AddEventHandler<OutOfStock, OutOfStockNotifier>(OutOfStockNotifier.SubscriberName)
            .AddEventHandler<BatchAdded, OutOfStockNotifier>(OutOfStockNotifier.SubscriberName)
            .AddEventHandler<BatchQuantityChanged, OutOfStockNotifier>(OutOfStockNotifier.SubscriberName)
            .AddEventHandler<Deallocated, OutOfStockNotifier>(OutOfStockNotifier.SubscriberName)
            .HasSideEffects(OutOfStockNotifier.SubscriberName);

    /// <summary>
    /// Marks a subscriber as one with side effects (mail, messages to other systems): when it first
    /// appears on a log that already holds events, it starts at the end rather than replaying the
    /// history as side effects, unless <c>Allocation:Events:Subscribers:{name}:StartAt</c> says otherwise.
    /// </summary>
    /// <param name="subscriber">The subscriber's name.</param>
    /// <returns>This builder.</returns>
    public AllocationBuilder HasSideEffects(string subscriber)
    {
        Subscriber(subscriber).DefaultStart = SubscriberStart.End;
        return this;
    }

    /// <summary>Adjusts the application's options (applied after any configuration binding).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public AllocationBuilder Configure(Action<AllocationOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    private EventSubscriber Subscriber(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!SubscriberName().IsMatch(name))
        {
            throw new ArgumentException($"Subscriber name '{name}' must be 1 to 100 letters, digits, '.', '-' or '_'.", nameof(name));
        }

        var existing = Services.Select(descriptor => descriptor.ImplementationInstance).OfType<EventSubscriber>().FirstOrDefault(s => s.Name == name);
        if (existing is not null)
        {
            return existing;
        }

        var subscriber = new EventSubscriber(name);
        Services.AddSingleton(subscriber);
        return subscriber;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex SubscriberName();
}
