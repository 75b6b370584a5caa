using Allocation.Domain.Errors;
using Allocation.Domain.Events;

namespace Allocation.Domain;

/// <summary>
/// The aggregate root: one SKU and its batches of stock. Every change to a batch goes through a
/// product, which guards the rules, bumps <see cref="VersionNumber"/> by exactly one for each call
/// that changes state (never for one that changes nothing or fails), and records a domain event
/// for each change.
/// </summary>
public sealed class Product
{
    private readonly List<Batch> _batches;
    private readonly List<IDomainEvent> _events = [];

    /// <summary>Creates a product, or rebuilds one from storage.</summary>
    /// <param name="sku">The product's SKU (see <see cref="Identifier"/>).</param>
    /// <param name="batches">Its batches, in the order they were added; all of this SKU, references unique.</param>
    /// <param name="versionNumber">The version the product was stored with; zero for a new product.</param>
    /// <exception cref="ArgumentException">The SKU is invalid, a batch is of another SKU, or a reference or an order repeats.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="versionNumber"/> is negative.</exception>
    public Product(string sku, IEnumerable<Batch>? batches = null, int versionNumber = 0)
    {
        Sku = Identifier.Guard(sku, nameof(sku));
        ArgumentOutOfRangeException.ThrowIfNegative(versionNumber);
        _batches = batches?.ToList() ?? [];
        if (_batches.Any(batch => batch.Sku != sku))
        {
            throw new ArgumentException($"Every batch of product {sku} must be of that sku.", nameof(batches));
        }

        if (_batches.Distinct().Count() != _batches.Count)
        {
            throw new ArgumentException($"Product {sku} lists a batch reference twice.", nameof(batches));
        }

        var orders = _batches.SelectMany(batch => batch.Allocations).Select(line => line.OrderId).ToList();
        if (orders.Distinct(StringComparer.Ordinal).Count() != orders.Count)
        {
            throw new ArgumentException($"Product {sku} has an order allocated to two batches.", nameof(batches));
        }

        VersionNumber = versionNumber;
    }

    /// <summary>The product's SKU.</summary>
    public string Sku { get; }

    /// <summary>Goes up by one with every change; storage compares it at commit to detect lost updates.</summary>
    public int VersionNumber { get; private set; }

    /// <summary>The batches, in the order they were added.</summary>
    public IReadOnlyList<Batch> Batches => _batches;

    /// <summary>The events recorded since the product was loaded, oldest first: what its unit of work writes.</summary>
    public IReadOnlyList<IDomainEvent> Events => _events;

    /// <summary>Adds a new batch of stock to this product.</summary>
    /// <param name="reference">The new batch's reference, unique across all products.</param>
    /// <param name="purchasedQuantity">The units bought; zero or more.</param>
    /// <param name="eta">When it arrives; <see langword="null"/> when it is in the warehouse.</param>
    /// <returns>The new batch.</returns>
    /// <exception cref="DuplicateBatchException">This product already has a batch with that reference.</exception>
    public Batch AddBatch(string reference, int purchasedQuantity, DateOnly? eta)
    {
        var batch = new Batch(reference, Sku, purchasedQuantity, eta);
        if (_batches.Contains(batch))
        {
            throw new DuplicateBatchException(reference);
        }

        _batches.Add(batch);
        Changed(new BatchAdded(reference, Sku, purchasedQuantity, eta));
        return batch;
    }

    /// <summary>
    /// Allocates the line to the first batch that can take it: warehouse stock first, then the
    /// earliest ETA, ties to the batch added first. Idempotent per order: allocating a line the
    /// order already holds, with the same quantity, returns its batch and changes nothing.
    /// </summary>
    /// <param name="line">The order line, of this product's SKU.</param>
    /// <returns>The reference of the batch that holds the line.</returns>
    /// <exception cref="LineAlreadyAllocatedException">The order holds this SKU with another quantity.</exception>
    /// <exception cref="OutOfStockException">
    /// No batch can take the line. The product is unchanged, but records <see cref="OutOfStock"/>
    /// so that the refusal can be stored and heard.
    /// </exception>
    /// <exception cref="ArgumentException">The line is of another SKU.</exception>
    public string Allocate(OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Sku != Sku)
        {
            throw new ArgumentException($"Line of sku {line.Sku} cannot be allocated to product {Sku}.", nameof(line));
        }

        if (FindAllocation(line.OrderId) is { } held)
        {
            return held.Line == line
                ? held.Batch.Reference
                : throw new LineAlreadyAllocatedException(line, held.Line, held.Batch.Reference);
        }

        if (ChooseBatchFor(line, except: null) is not { } batch)
        {
            _events.Add(new OutOfStock(Sku)); // a refusal changes nothing, so the version stays
            throw new OutOfStockException(line);
        }

        batch.Allocate(line);
        Changed(new Allocated(line.OrderId, Sku, line.Quantity, batch.Reference));
        return batch.Reference;
    }

    /// <summary>Whether the order holds exactly this line (same quantity) on one of the batches.</summary>
    /// <param name="line">The order line.</param>
    /// <returns><see langword="true"/> when <see cref="Allocate"/> would be a repeat that changes nothing.</returns>
    public bool HasAllocated(OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return FindAllocation(line.OrderId) is { } held && held.Line == line;
    }

    /// <summary>Releases the order's line of this SKU.</summary>
    /// <param name="orderId">The order.</param>
    /// <returns>The reference of the batch that held the line.</returns>
    /// <exception cref="LineNotAllocatedException">The order holds no line of this SKU.</exception>
    public string Deallocate(string orderId)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        var (batch, line) = FindAllocation(orderId) ?? throw new LineNotAllocatedException(orderId, Sku);
        batch.Deallocate(line);
        Changed(new Deallocated(line.OrderId, Sku, line.Quantity, batch.Reference));
        return batch.Reference;
    }

    /// <summary>
    /// Sets a batch's purchased quantity. While the batch is then over-allocated, it takes back its
    /// most recently allocated lines, newest first, and allocates each to another batch by the usual
    /// rule; a line no other batch can take is left unallocated and reported, with an
    /// <see cref="AllocationLost"/> event each and one <see cref="OutOfStock"/> for the SKU.
    /// </summary>
    /// <param name="reference">The batch.</param>
    /// <param name="newQuantity">Its new purchased quantity; zero or more.</param>
    /// <returns>What happened to the lines taken back.</returns>
    /// <exception cref="BatchNotFoundException">This product has no batch with that reference.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newQuantity"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The lines to take back were not loaded with the product.</exception>
    public BatchQuantityChange ChangeBatchQuantity(string reference, int newQuantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newQuantity);
        var batch = _batches.Find(b => b.Reference == reference) ?? throw new BatchNotFoundException(reference);
        var previous = batch.PurchasedQuantity;
        if (newQuantity == previous)
        {
            return new BatchQuantityChange(reference, previous, newQuantity, [], []);
        }

        batch.ChangePurchasedQuantity(newQuantity);
        var events = new List<IDomainEvent> { new BatchQuantityChanged(reference, Sku, previous, newQuantity) };
        var takenBack = TakeBackUntilNotOverAllocated(batch, events);

        var reallocated = new List<Reallocation>();
        var unallocated = new List<OrderLine>();
        foreach (var line in takenBack)
        {
            if (ChooseBatchFor(line, except: batch) is { } target)
            {
                target.Allocate(line);
                events.Add(new Allocated(line.OrderId, Sku, line.Quantity, target.Reference));
                reallocated.Add(new Reallocation(line, reference, target.Reference));
            }
            else
            {
                events.Add(new AllocationLost(line.OrderId, Sku, line.Quantity, reference));
                unallocated.Add(line);
            }
        }

        if (unallocated.Count > 0)
        {
            events.Add(new OutOfStock(Sku));
        }

        Changed(events.ToArray());
        return new BatchQuantityChange(reference, previous, newQuantity, reallocated, unallocated);
    }

    private List<OrderLine> TakeBackUntilNotOverAllocated(Batch batch, List<IDomainEvent> events)
    {
        var excess = -batch.AvailableQuantity;
        var takenBack = Batch.NewestUntilItFits(batch.Allocations.Reverse(), line => line.Quantity, excess).ToList();
        if (takenBack.Sum(line => line.Quantity) < excess)
        {
            throw new InvalidOperationException(
                $"Batch {batch.Reference} is over-allocated by {excess}, but the lines to take back " +
                "were not loaded. The repository must load them (LinesToLoad.ToTakeBack).");
        }

        foreach (var line in takenBack)
        {
            batch.Deallocate(line);
            events.Add(new Deallocated(line.OrderId, Sku, line.Quantity, batch.Reference, TakenBack: true));
        }

        return takenBack;
    }

    private Batch? ChooseBatchFor(OrderLine line, Batch? except) =>
        _batches
            .Where(batch => !batch.Equals(except) && batch.CanAllocate(line))
            .OrderBy(batch => batch.Eta is null ? 0 : 1)
            .ThenBy(batch => batch.Eta)
            .FirstOrDefault(); // OrderBy is stable: ties keep the order the batches were added in.

    private (Batch Batch, OrderLine Line)? FindAllocation(string orderId)
    {
        foreach (var batch in _batches)
        {
            if (batch.FindLine(orderId) is { } line)
            {
                return (batch, line);
            }
        }

        return null;
    }

    private void Changed(params IDomainEvent[] events)
    {
        VersionNumber++;
        _events.AddRange(events);
    }
}
