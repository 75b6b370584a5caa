using Allocation.Adapters.Tracking;
using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.InMemory;

/// <summary>
/// A unit of work on an <see cref="InMemoryAllocationStore"/>: loads copies of committed products,
/// holds their writer locks until it ends, and commits the differences atomically.
/// </summary>
internal sealed class InMemoryUnitOfWork(InMemoryAllocationStore store, InMemoryUnitOfWorkOptions options) : TrackingUnitOfWork
{
    private readonly Dictionary<string, IDisposable> _locks = new(StringComparer.Ordinal);

    protected override Task AddingAsync(string sku, CancellationToken cancellationToken) => LockAsync(sku, cancellationToken);

    protected override async Task<Product?> LoadAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken)
    {
        await LockAsync(sku, cancellationToken).ConfigureAwait(false);
        return store.Products.TryGetValue(sku, out var stored) ? StoredProductLoader.Load(stored, lines) : null;
    }

    protected override Task<string?> SkuOfBatchAsync(string reference, CancellationToken cancellationToken) =>
        Task.FromResult(store.SkuOfBatch(reference) ?? Seen.SkuOfBatch(reference));

    protected override Task<bool> WasHandledAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult(store.HasHandled(messageId));

    protected override Task CommitAsync(IReadOnlyList<ProductChange> changes, IReadOnlyCollection<string> messages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        store.Commit(changes, messages);
        return Task.CompletedTask;
    }

    protected override ValueTask EndAsync()
    {
        foreach (var held in _locks.Values)
        {
            held.Dispose();
        }

        _locks.Clear();
        return ValueTask.CompletedTask;
    }

    private async Task LockAsync(string sku, CancellationToken cancellationToken)
    {
        if (options.LockProductsForChange && !_locks.ContainsKey(sku))
        {
            _locks.Add(sku, await store.LockForChangeAsync(sku, options.LockTimeout, cancellationToken).ConfigureAwait(false));
        }
    }
}
