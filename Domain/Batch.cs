namespace Allocation.Domain;

/// <summary>
/// An entity: a quantity of one SKU, in the warehouse (<see cref="Eta"/> is <see langword="null"/>)
/// or arriving on a date. Two batches are equal when their references are.
/// </summary>
/// <remarks>
/// A batch knows its <see cref="AllocatedQuantity"/> as a total, and holds in
/// <see cref="Allocations"/> only the order lines that were loaded with it: all of them for a batch
/// built in memory, and only those an operation needs for one loaded from storage (see
/// <see cref="Restore"/>). Change a batch through its <see cref="Product"/>.
/// </remarks>
public sealed class Batch : IEquatable<Batch>
{
    private readonly List<OrderLine> _allocations;

    /// <summary>The smallest purchased quantity a batch can have (an empty batch is allowed).</summary>
    public const int MinimumQuantity = 0;

    /// <summary>Creates a new batch with nothing allocated.</summary>
    /// <param name="reference">The batch's unique reference (see <see cref="Identifier"/>).</param>
    /// <param name="sku">The SKU the batch holds (see <see cref="Identifier"/>).</param>
    /// <param name="purchasedQuantity">The units bought; zero or more.</param>
    /// <param name="eta">When the batch arrives; <see langword="null"/> when it is in the warehouse.</param>
    /// <exception cref="ArgumentException">An identifier is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="purchasedQuantity"/> is negative.</exception>
    public Batch(string reference, string sku, int purchasedQuantity, DateOnly? eta)
        : this(reference, sku, purchasedQuantity, eta, allocatedQuantity: 0, [])
    {
    }

    private Batch(string reference, string sku, int purchasedQuantity, DateOnly? eta, int allocatedQuantity, List<OrderLine> loaded)
    {
        Reference = Identifier.Guard(reference, nameof(reference));
        Sku = Identifier.Guard(sku, nameof(sku));
        ArgumentOutOfRangeException.ThrowIfLessThan(purchasedQuantity, MinimumQuantity);
        PurchasedQuantity = purchasedQuantity;
        Eta = eta;
        AllocatedQuantity = allocatedQuantity;
        _allocations = loaded;
    }

    /// <summary>The batch's unique reference.</summary>
    public string Reference { get; }

    /// <summary>The SKU the batch holds.</summary>
    public string Sku { get; }

    /// <summary>When the batch arrives; <see langword="null"/> when it is in the warehouse.</summary>
    public DateOnly? Eta { get; }

    /// <summary>The units bought.</summary>
    public int PurchasedQuantity { get; private set; }

    /// <summary>The units allocated to order lines, including lines that were not loaded.</summary>
    public int AllocatedQuantity { get; private set; }

    /// <summary>The units still free: purchased less allocated (negative only while a shrink is undone).</summary>
    public int AvailableQuantity => PurchasedQuantity - AllocatedQuantity;

    /// <summary>The loaded order lines allocated to this batch, oldest first.</summary>
    public IReadOnlyList<OrderLine> Allocations => _allocations;

    /// <summary>
    /// Rebuilds a batch from storage. <paramref name="allocatedQuantity"/> is the total of all its
    /// lines; <paramref name="loadedAllocations"/> is the subset an operation needs, oldest first.
    /// </summary>
    /// <param name="reference">The batch's reference.</param>
    /// <param name="sku">The SKU the batch holds.</param>
    /// <param name="purchasedQuantity">The units bought.</param>
    /// <param name="eta">When the batch arrives, or <see langword="null"/>.</param>
    /// <param name="allocatedQuantity">The total allocated to all of the batch's lines.</param>
    /// <param name="loadedAllocations">The loaded lines, oldest first.</param>
    /// <returns>The batch.</returns>
    /// <exception cref="ArgumentException">The lines are of another SKU, repeat an order, or add up to more than the total.</exception>
    public static Batch Restore(
        string reference, string sku, int purchasedQuantity, DateOnly? eta,
        int allocatedQuantity, IEnumerable<OrderLine> loadedAllocations)
    {
        ArgumentNullException.ThrowIfNull(loadedAllocations);
        var loaded = loadedAllocations.ToList();
        if (loaded.Any(line => line.Sku != sku))
        {
            throw new ArgumentException($"Every line of batch {reference} must be of sku {sku}.", nameof(loadedAllocations));
        }

        if (loaded.DistinctBy(line => line.OrderId, StringComparer.Ordinal).Count() != loaded.Count)
        {
            throw new ArgumentException($"Batch {reference} lists an order twice.", nameof(loadedAllocations));
        }

        if (allocatedQuantity < loaded.Sum(line => line.Quantity))
        {
            throw new ArgumentException(
                $"Batch {reference}'s allocated total {allocatedQuantity} is less than its loaded lines add up to.",
                nameof(allocatedQuantity));
        }

        return new Batch(reference, sku, purchasedQuantity, eta, allocatedQuantity, loaded);
    }

    /// <summary>
    /// The rule a quantity change takes lines back by: from the newest, just enough lines that what
    /// is left fits again. Repositories apply it too, to load exactly those lines
    /// (<c>LinesToLoad.ToTakeBack</c>), so the rule lives here once.
    /// </summary>
    /// <typeparam name="T">A line, or a stored row of one.</typeparam>
    /// <param name="newestFirst">The batch's lines, newest first (or the next page of them).</param>
    /// <param name="quantityOf">A line's quantity.</param>
    /// <param name="excess">How far the batch is over-allocated; nothing is taken when it is zero or less.</param>
    /// <returns>The lines to take back, newest first.</returns>
    public static IEnumerable<T> NewestUntilItFits<T>(IEnumerable<T> newestFirst, Func<T, int> quantityOf, int excess)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentNullException.ThrowIfNull(quantityOf);
        foreach (var line in newestFirst)
        {
            if (excess <= 0)
            {
                yield break;
            }

            yield return line;
            excess -= quantityOf(line);
        }
    }

    /// <summary>Whether the line is of this batch's SKU and fits in what is available.</summary>
    /// <param name="line">The order line.</param>
    /// <returns><see langword="true"/> when <see cref="Allocate"/> would take the line.</returns>
    public bool CanAllocate(OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Sku == Sku && AvailableQuantity >= line.Quantity;
    }

    /// <summary>Whether this batch holds (among its loaded lines) the given line.</summary>
    /// <param name="line">The order line.</param>
    /// <returns><see langword="true"/> when an equal line is allocated here.</returns>
    public bool Holds(OrderLine line) => _allocations.Contains(line);

    internal OrderLine? FindLine(string orderId) => _allocations.Find(line => line.OrderId == orderId);

    /// <summary>Allocates the line; allocating an equal line again changes nothing.</summary>
    internal void Allocate(OrderLine line)
    {
        if (Holds(line))
        {
            return;
        }

        if (!CanAllocate(line))
        {
            throw new InvalidOperationException($"Batch {Reference} cannot take {line}; ask CanAllocate first.");
        }

        _allocations.Add(line);
        AllocatedQuantity += line.Quantity;
    }

    /// <summary>Releases the line; a line the batch does not hold is left alone.</summary>
    internal void Deallocate(OrderLine line)
    {
        if (_allocations.Remove(line))
        {
            AllocatedQuantity -= line.Quantity;
        }
    }

    internal void ChangePurchasedQuantity(int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(quantity);
        PurchasedQuantity = quantity;
    }

    /// <inheritdoc />
    public bool Equals(Batch? other) => other is not null && other.Reference == Reference;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Batch);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Reference);

    /// <inheritdoc />
    public override string ToString() => $"Batch {Reference} ({Sku}, {AvailableQuantity}/{PurchasedQuantity} available)";
}
