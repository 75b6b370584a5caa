using System.Collections.Concurrent;
using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>Open out-of-stock episodes held in memory. Thread-safe.</summary>
public sealed class InMemoryOutOfStockNotices : IOutOfStockNotices
{
    private readonly ConcurrentDictionary<string, long> _open = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> IsOpenAsync(string sku, CancellationToken cancellationToken = default) => Task.FromResult(_open.ContainsKey(sku));

    /// <inheritdoc />
    public Task OpenAsync(string sku, long position, DateTimeOffset notifiedAt, CancellationToken cancellationToken = default)
    {
        _open[sku] = position;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CloseAsync(string sku, CancellationToken cancellationToken = default)
    {
        _open.TryRemove(sku, out _);
        return Task.CompletedTask;
    }
}
