using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Allocation.Domain;
using Allocation.Domain.Events;

namespace Allocation.Application.Tests;

/// <summary>The book's fake repository: a set of live products, every line loaded.</summary>
internal sealed class FakeRepository : IProductRepository
{
    private readonly List<Product> _products = [];

    public IReadOnlyList<Product> Products => _products;

    public List<LinesToLoad> LoadsAskedFor { get; } = [];

    public Task AddAsync(Product product, CancellationToken cancellationToken = default)
    {
        _products.Add(product);
        return Task.CompletedTask;
    }

    /// <summary>Failures thrown by the next loads, before anything is changed (this fake never rolls back).</summary>
    public Queue<Func<Exception>> LoadFailures { get; } = new();

    public Task<Product?> GetAsync(string sku, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        if (LoadFailures.TryDequeue(out var failure))
        {
            throw failure();
        }

        LoadsAskedFor.Add(lines);
        return Task.FromResult(_products.FirstOrDefault(p => p.Sku == sku));
    }

    /// <summary>After a commit, each product as the next load would give it: its state kept, its events written.</summary>
    public void Reload()
    {
        for (var i = 0; i < _products.Count; i++)
        {
            var product = _products[i];
            _products[i] = new Product(product.Sku, product.Batches, product.VersionNumber);
        }
    }

    public Task<Product?> GetByBatchReferenceAsync(string reference, LinesToLoad lines, CancellationToken cancellationToken = default)
    {
        LoadsAskedFor.Add(lines);
        return Task.FromResult(_products.FirstOrDefault(p => p.Batches.Any(b => b.Reference == reference)));
    }
}

/// <summary>The book's fake unit of work, made per attempt by <see cref="FakeUnitOfWorkFactory"/>.</summary>
internal sealed class FakeUnitOfWork(FakeUnitOfWorkFactory factory) : IUnitOfWork
{
    public IProductRepository Products => factory.Repository;

    public Task<bool> TryRecordMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        Task.FromResult(factory.HandledMessages.Add(messageId)); // the fake commits as it goes

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (factory.BeforeCommit is { } wait)
        {
            await wait();
        }

        if (factory.CommitFailures.TryDequeue(out var failure))
        {
            throw failure();
        }

        factory.Commits++;
        foreach (var product in factory.Repository.Products)
        {
            factory.Logged.AddRange(product.Events); // the fake's event log
        }

        factory.Repository.Reload();
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class FakeUnitOfWorkFactory : IUnitOfWorkFactory, IAllocationQueries
{
    public FakeRepository Repository { get; } = new();

    public int Created { get; private set; }

    public int Commits { get; set; }

    public bool Committed => Commits > 0;

    /// <summary>Message ids recorded by <see cref="FakeUnitOfWork.TryRecordMessageAsync"/>.</summary>
    public HashSet<string> HandledMessages { get; } = [];

    /// <summary>Every event committed, oldest first: what a store would write to its event log.</summary>
    public List<IDomainEvent> Logged { get; } = [];

    /// <summary>Awaited at the start of every commit while set: holds a unit of work open so others queue behind it.</summary>
    public Func<Task>? BeforeCommit { get; set; }

    /// <summary>Failures thrown by the next commits, one each, before commits succeed again.</summary>
    public Queue<Func<Exception>> CommitFailures { get; } = new();

    public IUnitOfWork Create()
    {
        Created++;
        return new FakeUnitOfWork(this);
    }

    public Task<IReadOnlyList<OrderAllocation>> AllocationsForOrderAsync(string orderId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrderAllocation>>(
            [.. from product in Repository.Products
                from batch in product.Batches
                from line in batch.Allocations
                where line.OrderId == orderId
                select new OrderAllocation(product.Sku, batch.Reference)]);

    public Task<BatchView?> BatchAsync(string reference, CancellationToken cancellationToken = default) =>
        Task.FromResult(Repository.Products.SelectMany(p => p.Batches).Where(b => b.Reference == reference).Select(View).FirstOrDefault());

    public Task<IReadOnlyList<BatchView>> BatchesAsync(IReadOnlyList<string> references, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BatchView>>([.. Repository.Products.SelectMany(p => p.Batches).Where(b => references.Contains(b.Reference)).Select(View)]);

    public Task<ProductView?> ProductAsync(string sku, CancellationToken cancellationToken = default) =>
        Task.FromResult(Repository.Products.Where(p => p.Sku == sku)
            .Select(p => new ProductView(p.Sku, p.VersionNumber, [.. p.Batches.Select(View)])).FirstOrDefault());

    public Task<IReadOnlyList<ProductSummary>> ProductsAsync(string afterSku, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductSummary>>(
            [.. Repository.Products.Where(p => string.CompareOrdinal(p.Sku, afterSku) > 0).OrderBy(p => p.Sku, StringComparer.Ordinal).Take(limit)
                .Select(p => new ProductSummary(p.Sku, p.VersionNumber, p.Batches.Sum(b => b.PurchasedQuantity), p.Batches.Sum(b => b.AllocatedQuantity)))]);

    public Task<IReadOnlyList<ProductAllocation>> AllocationsOfProductAsync(string sku, long after, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductAllocation>>(
            [.. Repository.Products.Where(p => p.Sku == sku).SelectMany(p => p.Batches)
                .SelectMany(b => b.Allocations.Select(line => (b.Reference, line)))
                .Select((pair, i) => new ProductAllocation(i + 1, pair.line.OrderId, pair.line.Quantity, pair.Reference))
                .Where(a => a.Position > after).Take(limit)]);

    private static BatchView View(Batch batch) =>
        new(batch.Reference, batch.Sku, batch.PurchasedQuantity, batch.Eta, batch.AllocatedQuantity);
}
