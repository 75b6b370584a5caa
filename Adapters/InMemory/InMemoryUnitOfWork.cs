using Allocation.Adapters.Tracking;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Adapters.InMemory;

/// <summary>
/// A unit of work on an <see cref="InMemoryAllocationStore"/>: loads copies of committed products,
/// holds their writer locks until it ends, and commits the differences atomically.
/// </summary>
internal sealed class InMemoryUnitOfWork : IUnitOfWork, IProductRepository
{
    private readonly InMemoryAllocationStore _store;
    private readonly InMemoryUnitOfWorkOptions _options;
    private readonly Dictionary<string, (Product Product, ProductSnapshot Loaded)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IDisposable> _locks = new(StringComparer.Ordinal);
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
        if (!_seen.TryAdd(product.Sku, (product, ProductSnapshot.ForNew())))
        {
            throw new InvalidOperationException($"Product {product.Sku} is already part of this unit of work.");
        }
    }

    public async Task<Product?> GetAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sku);
        ArgumentNullException.ThrowIfNull(lines);
        ThrowIfFinished();
        if (_seen.TryGetValue(sku, out var seen))
        {
            return seen.Product;
        }

        await LockAsync(sku, cancellationToken).ConfigureAwait(false);
        if (!_store.Products.TryGetValue(sku, out var stored))
        {
            return null;
        }

        var product = StoredProductLoader.Load(stored, lines);
        _seen.Add(sku, (product, ProductSnapshot.Of(product)));
        return product;
    }

    public Task<Product?> GetByBatchReferenceAsync(string reference, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ThrowIfFinished();
        var sku = _store.SkuOfBatch(reference)
            ?? _seen.Values.FirstOrDefault(seen => seen.Product.Batches.Any(batch => batch.Reference == reference)).Product?.Sku;
        return sku is null ? Task.FromResult<Product?>(null) : GetAsync(sku, lines, cancellationToken);
    }

    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfFinished();
        try
        {
            var changes = _seen.Values
                .Select(seen => ProductChanges.Between(seen.Loaded, seen.Product))
                .Where(change => change.HasChanges)
                .ToList();
            _store.Commit(changes);
        }
        finally
        {
            Finish();
        }

        return Task.CompletedTask;
    }

    public Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        Finish();
        return Task.CompletedTask;
    }

    public IReadOnlyList<IDomainEvent> CollectNewEvents()
    {
        var events = _seen.Values.SelectMany(seen => seen.Product.Events).ToList();
        foreach (var (product, _) in _seen.Values)
        {
            product.ClearEvents();
        }

        return events;
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
