using System.Collections.Concurrent;
using System.Collections.Immutable;
using Allocation.Adapters.Tracking;
using Allocation.Application.Errors;
using Allocation.Domain;

namespace Allocation.Adapters.InMemory;

/// <summary>
/// A thread-safe store held in memory: the backing of <see cref="InMemoryUnitOfWorkFactory"/> and
/// <see cref="InMemoryAllocationQueries"/>. It behaves like the database adapters: writers of one
/// product queue on its lock, a commit checks each product's version and applies all or nothing,
/// and batch references are unique across products. Share one instance between the factory and
/// the queries; use a new one per test.
/// </summary>
public sealed class InMemoryAllocationStore
{
    private readonly Lock _commitGate = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writerLocks = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, StoredProduct> _products = ImmutableDictionary.Create<string, StoredProduct>(StringComparer.Ordinal);
    private ImmutableDictionary<string, string> _skuByBatch = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);
    private long _lastSequence;

    /// <summary>The committed state; readers never block and never see uncommitted work.</summary>
    internal IReadOnlyDictionary<string, StoredProduct> Products => Volatile.Read(ref _products);

    internal string? SkuOfBatch(string reference) => Volatile.Read(ref _skuByBatch).GetValueOrDefault(reference);

    /// <summary>Waits for the product's writer lock; dispose the result to release it.</summary>
    internal async Task<IDisposable> LockForChangeAsync(string sku, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var gate = _writerLocks.GetOrAdd(sku, static _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new StoreUnavailableException(
                $"Product {sku} is being changed by another unit of work; its lock was not granted within {timeout}.",
                isTransient: false);
        }

        return new Releaser(gate);
    }

    /// <summary>Checks every product's version, then applies every change, or nothing.</summary>
    internal void Commit(IReadOnlyList<ProductChanges> changes)
    {
        lock (_commitGate)
        {
            foreach (var change in changes)
            {
                Check(change);
            }

            var products = _products.ToBuilder();
            var skuByBatch = _skuByBatch.ToBuilder();
            foreach (var change in changes)
            {
                products[change.Product.Sku] = Apply(change, products.GetValueOrDefault(change.Product.Sku));
                foreach (var batch in change.AddedBatches)
                {
                    skuByBatch[batch.Reference] = change.Product.Sku;
                }
            }

            Volatile.Write(ref _skuByBatch, skuByBatch.ToImmutable());
            Volatile.Write(ref _products, products.ToImmutable());
        }
    }

    private void Check(ProductChanges change)
    {
        var sku = change.Product.Sku;
        var stored = _products.GetValueOrDefault(sku);
        if (stored?.Version != change.ExpectedVersion)
        {
            throw new ConcurrencyConflictException(sku, change.ExpectedVersion);
        }

        foreach (var batch in change.AddedBatches)
        {
            if (_skuByBatch.ContainsKey(batch.Reference))
            {
                throw new DuplicateBatchException(batch.Reference);
            }
        }
    }

    private StoredProduct Apply(ProductChanges change, StoredProduct? current)
    {
        var removed = change.RemovedLines.ToLookup(line => line.BatchReference, line => line.OrderId, StringComparer.Ordinal);
        var added = change.AddedLines.ToLookup(line => line.BatchReference, line => line.Line, StringComparer.Ordinal);
        var before = current?.Batches.ToDictionary(batch => batch.Reference, StringComparer.Ordinal) ?? [];

        var batches = ImmutableList.CreateBuilder<StoredBatch>();
        foreach (var batch in change.Product.Batches)
        {
            var gone = removed[batch.Reference].ToHashSet(StringComparer.Ordinal);
            var lines = (before.TryGetValue(batch.Reference, out var old) ? old.Lines : [])
                .RemoveAll(line => gone.Contains(line.OrderId))
                .AddRange(added[batch.Reference].Select(line => new StoredLine(line.OrderId, line.Quantity, ++_lastSequence)));
            var stored = new StoredBatch(batch.Reference, batch.PurchasedQuantity, batch.Eta, lines);
            if (stored.AllocatedQuantity != batch.AllocatedQuantity)
            {
                throw new InvalidOperationException(
                    $"Batch {batch.Reference} would store {stored.AllocatedQuantity} allocated but the model says {batch.AllocatedQuantity}.");
            }

            batches.Add(stored);
        }

        return new StoredProduct(change.Product.Sku, change.Product.VersionNumber, batches.ToImmutable());
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}
