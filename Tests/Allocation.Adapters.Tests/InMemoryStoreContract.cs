using Allocation.Adapters.InMemory;
using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Tests;

[TestFixture]
public sealed class InMemoryStoreContract : StoreContract
{
    protected override Task<StoreUnderTest> CreateStoreAsync() => Task.FromResult<StoreUnderTest>(new InMemoryStore());

    private sealed class InMemoryStore : StoreUnderTest
    {
        private readonly InMemoryAllocationStore _store = new();

        public override IAllocationQueries Queries => new InMemoryAllocationQueries(_store);

        public override IOperatorQueries Operators => new InMemoryOperatorQueries(_store);

        public override IEventLog Events => new InMemoryEventLog(_store);

        public override ISubscriptionStore Subscriptions { get; } = new InMemorySubscriptionStore();

        public override IInbox Inbox => new InMemoryInbox(_store);

        public override IOutOfStockNotices Notices { get; } = new InMemoryOutOfStockNotices();

        public override EventLogSignal Committed => _store.Committed;

        public override IUnitOfWorkFactory CreateUnitsOfWork(bool lockProductsForChange, TimeSpan lockTimeout) =>
            new InMemoryUnitOfWorkFactory(_store, new InMemoryUnitOfWorkOptions { LockProductsForChange = lockProductsForChange, LockTimeout = lockTimeout });

        public override Task<long> CountAllocationRowsAsync() =>
            Task.FromResult(_store.Products.Values.SelectMany(p => p.Batches).Sum(b => (long)b.Lines.Count));

        public override Task<long> CountEventRowsAsync() => Task.FromResult((long)_store.Events.Count);

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
