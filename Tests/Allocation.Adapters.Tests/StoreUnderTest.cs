using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Tests;

/// <summary>One store, as the contract suite sees it: fresh and empty for each test.</summary>
public abstract class StoreUnderTest : IAsyncDisposable
{
    /// <summary>The default units of work: loads take the product's writer lock.</summary>
    public IUnitOfWorkFactory UnitsOfWork => CreateUnitsOfWork(lockProductsForChange: true, TimeSpan.FromSeconds(5));

    /// <summary>Units of work that load without locking, so only the version check guards commits.</summary>
    public IUnitOfWorkFactory UnlockedUnitsOfWork => CreateUnitsOfWork(lockProductsForChange: false, TimeSpan.FromSeconds(5));

    /// <summary>Whether one writer at a time holds the whole store (SQLite), so a second writer waits for the first one's commit.</summary>
    public virtual bool OneWriterAtATime => false;

    public abstract IAllocationQueries Queries { get; }

    public abstract IOperatorQueries Operators { get; }

    public abstract IEventLog Events { get; }

    public abstract ISubscriptionStore Subscriptions { get; }

    public abstract IInbox Inbox { get; }

    public abstract IOutOfStockNotices Notices { get; }

    /// <summary>Signalled when this store's units of work commit events.</summary>
    public abstract EventLogSignal Committed { get; }

    public abstract IUnitOfWorkFactory CreateUnitsOfWork(bool lockProductsForChange, TimeSpan lockTimeout);

    /// <summary>Counts the stored allocations directly, not through the adapters' own queries.</summary>
    public abstract Task<long> CountAllocationRowsAsync();

    /// <summary>Counts the committed rows of the event log directly, readable yet or not.</summary>
    public abstract Task<long> CountEventRowsAsync();

    public abstract ValueTask DisposeAsync();
}
