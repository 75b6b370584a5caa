using Allocation.Application.Commands;
using Allocation.Domain.Errors;
using Allocation.Application.Errors;
using Allocation.Application.Ports;
using Allocation.Application.Reads;
using Allocation.Application.UseCases;
using Allocation.Domain;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Allocation.Application;

/// <summary>
/// Allocation's use cases in primitives, for a service that calls them from its own endpoints or
/// tests them against fakes. Each change is a command run through <see cref="Commands"/>, the one
/// door every entry point uses, in its own unit of work, retried on a fresh one after a
/// concurrency conflict or a transient store fault. Queries read without locking. Thread-safe:
/// one instance serves every caller.
/// </summary>
/// <remarks>
/// Arguments are the caller's to validate, once, at its own edge, in its own field names: the HTTP
/// host does it on its contract types, and <see cref="InputRules"/> helps any adapter do the same.
/// The model guards its invariants all the same: an identifier that breaks <see cref="Identifier"/>
/// or an out-of-range quantity throws <see cref="ArgumentException"/>, a programming error.
/// </remarks>
public sealed class AllocationService
{
    private readonly IAllocationQueries _queries;

    /// <summary>Creates the service with default options (see <see cref="RetryOptions"/>).</summary>
    /// <param name="unitsOfWork">Starts units of work on the store.</param>
    /// <param name="queries">The store's read side.</param>
    public AllocationService(IUnitOfWorkFactory unitsOfWork, IAllocationQueries queries)
        : this(unitsOfWork, queries, Options.Create(new AllocationOptions()), NullLogger<AllocationService>.Instance)
    {
    }

    /// <summary>Creates the service over the built-in handlers.</summary>
    /// <param name="unitsOfWork">Starts units of work on the store.</param>
    /// <param name="queries">The store's read side.</param>
    /// <param name="options">Retry settings.</param>
    /// <param name="logger">Where retries are logged.</param>
    public AllocationService(
        IUnitOfWorkFactory unitsOfWork, IAllocationQueries queries, IOptions<AllocationOptions> options, ILogger<AllocationService> logger)
        : this(BuiltInHandlers.Invoker(
            unitsOfWork ?? throw new ArgumentNullException(nameof(unitsOfWork)),
            queries ?? throw new ArgumentNullException(nameof(queries)),
            options?.Value ?? throw new ArgumentNullException(nameof(options)),
            logger ?? throw new ArgumentNullException(nameof(logger))), queries)
    {
    }

    /// <summary>Creates the service over the handlers <paramref name="commands"/> runs (as DI does).</summary>
    /// <param name="commands">Runs each command's handler.</param>
    /// <param name="queries">The store's read side.</param>
    public AllocationService(CommandInvoker commands, IAllocationQueries queries)
    {
        ArgumentNullException.ThrowIfNull(commands);
        ArgumentNullException.ThrowIfNull(queries);
        Commands = commands;
        _queries = queries;
    }

    /// <summary>
    /// The door the methods below forward to. Run the commands that have no method here through it:
    /// <see cref="ChangeBatchQuantity"/> with a message id, and <see cref="ImportBatches"/>.
    /// </summary>
    public CommandInvoker Commands { get; }

    /// <summary>Adds a batch of stock, creating the product when it is the SKU's first batch.</summary>
    /// <param name="reference">The batch's reference, unique across all products.</param>
    /// <param name="sku">The SKU it holds.</param>
    /// <param name="quantity">The units bought; zero or more.</param>
    /// <param name="eta">When it arrives; <see langword="null"/> when it is in the warehouse.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the batch is stored.</returns>
    /// <exception cref="DuplicateBatchException">A batch with that reference exists.</exception>
    /// <exception cref="ConcurrencyConflictException">Retries ran out.</exception>
    /// <exception cref="StoreUnavailableException">The store is unavailable.</exception>
    public Task AddBatchAsync(string reference, string sku, int quantity, DateOnly? eta, CancellationToken cancellationToken = default) =>
        Commands.InvokeAsync(new AddBatch(reference, sku, quantity, eta), cancellationToken);

    /// <summary>
    /// Allocates an order line: warehouse stock first, then the earliest ETA. Repeating an identical
    /// allocation returns the batch the line already has and changes nothing. Concurrent
    /// allocations of one SKU may share a unit of work (<see cref="AllocationOptions.MaxAllocationsPerCommit"/>);
    /// each still succeeds or fails on its own, and returns only once its line is committed.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="sku">The SKU ordered.</param>
    /// <param name="quantity">The units ordered; at least 1.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The batch chosen, and whether the order already held the line.</returns>
    /// <exception cref="InvalidSkuException">No product has that SKU.</exception>
    /// <exception cref="OutOfStockException">No batch can take the line.</exception>
    /// <exception cref="LineAlreadyAllocatedException">The order holds this SKU with another quantity.</exception>
    /// <exception cref="ConcurrencyConflictException">Retries ran out.</exception>
    /// <exception cref="StoreUnavailableException">The store is unavailable.</exception>
    public Task<AllocationResult> AllocateAsync(string orderId, string sku, int quantity, CancellationToken cancellationToken = default) =>
        Commands.InvokeAsync(new Allocate(orderId, sku, quantity), cancellationToken);

    /// <summary>Releases an order's line of a SKU.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The reference of the batch that held the line.</returns>
    /// <exception cref="LineNotAllocatedException">The order holds no line of that SKU (or the SKU is unknown).</exception>
    /// <exception cref="ConcurrencyConflictException">Retries ran out.</exception>
    /// <exception cref="StoreUnavailableException">The store is unavailable.</exception>
    public Task<string> DeallocateAsync(string orderId, string sku, CancellationToken cancellationToken = default) =>
        Commands.InvokeAsync(new Deallocate(orderId, sku), cancellationToken);

    /// <summary>
    /// Sets a batch's purchased quantity. Lines that no longer fit are taken back newest first and
    /// allocated elsewhere; the result names those moved and those that lost their stock.
    /// </summary>
    /// <param name="reference">The batch.</param>
    /// <param name="quantity">Its new purchased quantity; zero or more.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What happened to the lines taken back.</returns>
    /// <exception cref="BatchNotFoundException">No batch has that reference.</exception>
    /// <exception cref="ConcurrencyConflictException">Retries ran out.</exception>
    /// <exception cref="StoreUnavailableException">The store is unavailable.</exception>
    public async Task<BatchQuantityChange> ChangeBatchQuantityAsync(string reference, int quantity, CancellationToken cancellationToken = default) =>
        (await Commands.InvokeAsync(new ChangeBatchQuantity(reference, quantity), cancellationToken).ConfigureAwait(false))!;

    /// <summary>A batch with its totals.</summary>
    /// <param name="reference">The batch reference.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The batch, or <see langword="null"/> when none has that reference.</returns>
    public Task<BatchView?> GetBatchAsync(string reference, CancellationToken cancellationToken = default) =>
        _queries.BatchAsync(reference, cancellationToken);

    /// <summary>A product with its version and batches.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The product, or <see langword="null"/> when no batch of that SKU was ever added.</returns>
    public Task<ProductView?> GetProductAsync(string sku, CancellationToken cancellationToken = default) =>
        _queries.ProductAsync(sku, cancellationToken);

    /// <summary>The batches an order's lines are allocated to, in the order they were allocated.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>One entry per SKU the order holds; empty when it holds none.</returns>
    public Task<IReadOnlyList<OrderAllocation>> GetAllocationsAsync(string orderId, CancellationToken cancellationToken = default) =>
        _queries.AllocationsForOrderAsync(orderId, cancellationToken);

    /// <summary>Products in SKU order with their version and stock totals, a page at a time.</summary>
    /// <param name="afterSku">The last SKU of the previous page; <see langword="null"/> or empty for the first.</param>
    /// <param name="limit">The page size, from 1 to <see cref="MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> products.</returns>
    public Task<IReadOnlyList<ProductSummary>> ListProductsAsync(string? afterSku, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        return _queries.ProductsAsync(afterSku ?? "", limit, cancellationToken);
    }

    /// <summary>A product's allocated lines in the order they were allocated, a page at a time.</summary>
    /// <param name="sku">The product.</param>
    /// <param name="after">The last <see cref="ProductAllocation.Position"/> of the previous page, or 0.</param>
    /// <param name="limit">The page size, from 1 to <see cref="MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>Up to <paramref name="limit"/> lines.</returns>
    public Task<IReadOnlyList<ProductAllocation>> ListAllocationsAsync(string sku, long after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        return _queries.AllocationsOfProductAsync(sku, after, limit, cancellationToken);
    }

    /// <summary>The largest page a listing returns.</summary>
    public const int MaxPageSize = 1000;
}
