using Allocation.Domain.Errors;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Allocation.Adapters.Tracking;
using Allocation.Application.Errors;
using Allocation.Application.Events;
using Allocation.Domain;
using Allocation.Domain.Events;

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
    private ImmutableList<LoggedEvent> _events = [];
    private ImmutableDictionary<string, DateTimeOffset> _inbox = ImmutableDictionary.Create<string, DateTimeOffset>(StringComparer.Ordinal);
    private long _lastSequence;
    private long _lastPosition;
    private long _trimmedThrough;

    /// <summary>The committed state; readers never block and never see uncommitted work.</summary>
    internal IReadOnlyDictionary<string, StoredProduct> Products => Volatile.Read(ref _products);

    /// <summary>An order's committed lines with their product and batch, in allocation order.</summary>
    internal IEnumerable<(StoredProduct Product, StoredBatch Batch, StoredLine Line)> LinesOfOrder(string orderId) =>
        from product in Products.Values
        from batch in product.Batches
        from line in batch.Lines
        where line.OrderId == orderId
        orderby line.Sequence
        select (product, batch, line);

    internal string? SkuOfBatch(string reference) => Volatile.Read(ref _skuByBatch).GetValueOrDefault(reference);

    /// <summary>The committed events, oldest first.</summary>
    internal IReadOnlyList<LoggedEvent> Events => Volatile.Read(ref _events);

    /// <summary>The newest position <see cref="Trim"/> deleted; 0 when it deleted none.</summary>
    internal long TrimmedThrough => Volatile.Read(ref _trimmedThrough);

    /// <summary>Signalled whenever a unit of work on this store commits events.</summary>
    public EventLogSignal Committed { get; } = new();

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

        return new SemaphoreTurn(gate);
    }

    /// <summary>Whether a committed unit of work recorded this message.</summary>
    internal bool HasHandled(string messageId) => Volatile.Read(ref _inbox).ContainsKey(messageId);

    /// <summary>Checks every product's version and message, then applies every change, logs every event and records every message, or nothing.</summary>
    internal void Commit(IReadOnlyList<ProductChange> changes, IReadOnlyCollection<string> messages)
    {
        lock (_commitGate)
        {
            foreach (var change in changes)
            {
                Check(change);
            }

            if (messages.FirstOrDefault(_inbox.ContainsKey) is { } repeated)
            {
                throw new ConcurrencyConflictException($"message {repeated}", expectedVersion: null); // another unit of work handled it meanwhile
            }

            var products = _products.ToBuilder();
            var skuByBatch = _skuByBatch.ToBuilder();
            var log = _events.ToBuilder();
            var occurredAt = DateTimeOffset.UtcNow;
            foreach (var change in changes)
            {
                if (change.IsNew || change.StateChanged)
                {
                    products[change.Product.Sku] = Apply(change, products.GetValueOrDefault(change.Product.Sku));
                }

                foreach (var domainEvent in change.Events)
                {
                    if (domainEvent is BatchAdded added)
                    {
                        skuByBatch[added.Reference] = change.Product.Sku;
                    }

                    log.Add(new LoggedEvent(
                        ++_lastPosition, EventPayload.TypeOf(domainEvent), domainEvent.Sku, occurredAt, EventPayload.Write(domainEvent)));
                }
            }

            Volatile.Write(ref _skuByBatch, skuByBatch.ToImmutable());
            Volatile.Write(ref _products, products.ToImmutable());
            Volatile.Write(ref _events, log.ToImmutable());
            Volatile.Write(ref _inbox, _inbox.SetItems(messages.Select(id => KeyValuePair.Create(id, occurredAt))));
        }

        if (changes.Any(change => change.Events.Count > 0))
        {
            Committed.Notify();
        }
    }

    /// <summary>Deletes up to <paramref name="max"/> of the oldest events that match, as the SQL stores do.</summary>
    internal int Trim(DateTimeOffset before, long upTo, int max)
    {
        lock (_commitGate)
        {
            var doomed = _events.SkipLast(1).TakeWhile(e => e.Position <= upTo && e.OccurredAt < before).Take(max).Count();
            if (doomed > 0)
            {
                Volatile.Write(ref _trimmedThrough, _events[doomed - 1].Position);
                Volatile.Write(ref _events, _events.RemoveRange(0, doomed));
            }

            return doomed;
        }
    }

    /// <summary>Deletes up to <paramref name="max"/> of the oldest message ids recorded before <paramref name="before"/>.</summary>
    internal int TrimInbox(DateTimeOffset before, int max)
    {
        lock (_commitGate)
        {
            var doomed = _inbox.Where(entry => entry.Value < before).OrderBy(entry => entry.Value).Take(max).Select(entry => entry.Key).ToList();
            Volatile.Write(ref _inbox, _inbox.RemoveRange(doomed));
            return doomed.Count;
        }
    }

    private void Check(ProductChange change)
    {
        var sku = change.Product.Sku;
        var stored = _products.GetValueOrDefault(sku);
        if ((change.IsNew || change.StateChanged) && stored?.Version != change.LoadedVersion)
        {
            throw new ConcurrencyConflictException(sku, change.LoadedVersion);
        }

        foreach (var added in change.Events.OfType<BatchAdded>())
        {
            if (_skuByBatch.ContainsKey(added.Reference))
            {
                throw new DuplicateBatchException(added.Reference);
            }
        }
    }

    /// <summary>The stored product after the change's events, checked against the model's own totals.</summary>
    private StoredProduct Apply(ProductChange change, StoredProduct? current)
    {
        var purchased = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = new Dictionary<string, List<StoredLine>>(StringComparer.Ordinal);
        foreach (var batch in current?.Batches ?? [])
        {
            purchased[batch.Reference] = batch.PurchasedQuantity;
            lines[batch.Reference] = [.. batch.Lines];
        }

        foreach (var domainEvent in change.Events)
        {
            switch (domainEvent)
            {
                case BatchAdded e:
                    purchased[e.Reference] = e.PurchasedQuantity;
                    lines[e.Reference] = [];
                    break;
                case BatchQuantityChanged e:
                    purchased[e.Reference] = e.NewQuantity;
                    break;
                case Allocated e:
                    lines[e.BatchReference].Add(new StoredLine(e.OrderId, e.Quantity, ++_lastSequence));
                    break;
                case Deallocated e:
                    lines[e.BatchReference].RemoveAll(line => line.OrderId == e.OrderId);
                    break;
            }
        }

        var batches = ImmutableList.CreateBuilder<StoredBatch>();
        foreach (var batch in change.Product.Batches)
        {
            var stored = new StoredBatch(batch.Reference, purchased[batch.Reference], batch.Eta, [.. lines[batch.Reference]]);
            if (stored.AllocatedQuantity != batch.AllocatedQuantity || stored.PurchasedQuantity != batch.PurchasedQuantity)
            {
                throw new InvalidOperationException(
                    $"Batch {batch.Reference} would store {stored.AllocatedQuantity}/{stored.PurchasedQuantity} but the model says " +
                    $"{batch.AllocatedQuantity}/{batch.PurchasedQuantity}: its events do not match its state.");
            }

            batches.Add(stored);
        }

        return new StoredProduct(change.Product.Sku, change.Product.VersionNumber, batches.ToImmutable());
    }
}
