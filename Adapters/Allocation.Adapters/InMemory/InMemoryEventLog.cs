using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>The event log of an <see cref="InMemoryAllocationStore"/>: positions are taken at commit, under the store's commit lock, so they are in commit order.</summary>
/// <param name="store">The store whose log to read.</param>
public sealed class InMemoryEventLog(InMemoryAllocationStore store) : IEventLog
{
    private readonly InMemoryAllocationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public Task<IReadOnlyList<LoggedEvent>> ReadAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        IReadOnlyList<LoggedEvent> events = [.. _store.Events.SkipWhile(e => e.Position <= after).Take(limit)];
        return Task.FromResult(events);
    }

    /// <inheritdoc />
    public Task<bool> WasOutOfStockAsync(string sku, long before, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Events
            .LastOrDefault(e => e.Sku == sku && e.Position < before && EventPayload.StockEventTypes.Contains(e.Type))?.Type == nameof(Domain.Events.OutOfStock));

    /// <inheritdoc />
    public Task<int> TrimAsync(DateTimeOffset before, long upTo, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Trim(before, upTo, max));
}
