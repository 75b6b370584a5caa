using Allocation.Adapters.Tracking;
using Allocation.Application.Ports;
using Allocation.Domain;

namespace Allocation.Adapters.InMemory;

/// <summary>
/// A unit of work on an <see cref="InMemoryAllocationStore"/>: loads copies of committed products,
/// holds their writer locks until it ends, and commits the differences atomically.
/// </summary>
internal sealed class InMemoryUnitOfWork : IUnitOfWork, IProductRepository
{
    private readonly InMemoryAllocationStore _store;
    private readonly InMemoryUnitOfWorkOptions _options;
    private readonly TrackedProducts _seen = new();
    private readonly Dictionary<string, IDisposable> _locks = new(StringComparer.Ordinal);
    private readonly HashSet<string> _messages = new(StringComparer.Ordinal);
    private bool _finished;

    public InMemoryUnitOfWork(InMemoryAllocationStore store, InMemoryUnitOfWorkOptions options)
    {
        _store = store;
        _options = options;
    }

    public IProductRepository Products => this;

    public async Task AddAsync(Product product, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(product);
        ThrowIfFinished();
        await LockAsync(product.Sku, cancellationToken).ConfigureAwait(false);
        _seen.AddNew(product);
    }

    public async Task<Product?> GetAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sku);
        ArgumentNullException.ThrowIfNull(lines);
        ThrowIfFinished();
        if (_seen.Find(sku) is { } seen)
        {
            return seen;
        }

        await LockAsync(sku, cancellationToken).ConfigureAwait(false);
        if (!_store.Products.TryGetValue(sku, out var stored))
        {
            return null;
        }

        var product = StoredProductLoader.Load(stored, lines);
        _seen.AddLoaded(product);
        return product;
    }

    public Task<Product?> GetByBatchReferenceAsync(string reference, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ThrowIfFinished();
        var sku = _store.SkuOfBatch(reference) ?? _seen.SkuOfBatch(reference);
        return sku is null ? Task.FromResult<Product?>(null) : GetAsync(sku, lines, cancellationToken);
    }

    public Task<bool> TryRecordMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ThrowIfFinished();
        return Task.FromResult(!_store.HasHandled(messageId) && _messages.Add(messageId));
    }

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfFinished();
        try
        {
            _store.Commit(_seen.Changes(), _messages);
        }
        finally
        {
            Finish();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Finish();
        return ValueTask.CompletedTask;
    }

    private async Task LockAsync(string sku, CancellationToken cancellationToken)
    {
        if (_options.LockProductsForChange && !_locks.ContainsKey(sku))
        {
            _locks.Add(sku, await _store.LockForChangeAsync(sku, _options.LockTimeout, cancellationToken).ConfigureAwait(false));
        }
    }

    private void Finish()
    {
        _finished = true;
        foreach (var held in _locks.Values)
        {
            held.Dispose();
        }

        _locks.Clear();
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("This unit of work has already committed or rolled back; start a new one.");
        }
    }
}
