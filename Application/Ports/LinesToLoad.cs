namespace Allocation.Application.Ports;

/// <summary>
/// Which allocated order lines a repository loads with a product. A product may hold hundreds of
/// thousands of lines; a use case needs only a few, and batches carry their allocated totals, so
/// loading the rest would only cost time. The choices are the closed set below.
/// </summary>
public abstract record LinesToLoad
{
    private LinesToLoad()
    {
    }

    /// <summary>No lines: batches and their totals only (enough to add a batch).</summary>
    public static LinesToLoad None { get; } = new NoLines();

    /// <summary>Every line of every batch (for tests and small stores; costly for a product with a long history).</summary>
    public static LinesToLoad All { get; } = new AllLines();

    /// <summary>The line one order holds of the product, if any (enough to allocate or deallocate it).</summary>
    /// <param name="orderId">The order.</param>
    /// <returns>The choice.</returns>
    public static LinesToLoad ForOrder(string orderId) => new OrderLines([orderId]);

    /// <summary>The lines these orders hold of the product, if any (enough to allocate for all of them in one unit of work).</summary>
    /// <param name="orderIds">The orders.</param>
    /// <returns>The choice.</returns>
    public static LinesToLoad ForOrders(IEnumerable<string> orderIds) => new OrderLines([.. orderIds.Distinct(StringComparer.Ordinal)]);

    /// <summary>
    /// The lines a quantity change takes back: the batch's newest lines, newest first, until what is
    /// left fits in <paramref name="newQuantity"/> (nothing when it already fits).
    /// </summary>
    /// <param name="batchReference">The batch being changed.</param>
    /// <param name="newQuantity">Its new purchased quantity.</param>
    /// <returns>The choice.</returns>
    public static LinesToLoad ToTakeBack(string batchReference, int newQuantity) => new TakeBackLines(batchReference, newQuantity);

    /// <summary>No lines.</summary>
    public sealed record NoLines : LinesToLoad;

    /// <summary>Every line.</summary>
    public sealed record AllLines : LinesToLoad;

    /// <summary>The lines <paramref name="OrderIds"/> hold, if any (at most one each).</summary>
    /// <param name="OrderIds">The orders, each once.</param>
    public sealed record OrderLines(IReadOnlyList<string> OrderIds) : LinesToLoad
    {
        /// <summary>Equal when they name the same orders in the same order.</summary>
        /// <param name="other">The other choice.</param>
        /// <returns>Whether they are equal.</returns>
        public bool Equals(OrderLines? other) => other is not null && OrderIds.SequenceEqual(other.OrderIds, StringComparer.Ordinal);

        /// <inheritdoc/>
        public override int GetHashCode() => OrderIds.Aggregate(0, (hash, orderId) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(orderId)));

        /// <inheritdoc/>
        public override string ToString() => $"OrderLines [{string.Join(", ", OrderIds)}]";
    }

    /// <summary>The newest lines of a batch whose removal makes it fit <paramref name="NewQuantity"/>.</summary>
    /// <param name="BatchReference">The batch being changed.</param>
    /// <param name="NewQuantity">Its new purchased quantity.</param>
    public sealed record TakeBackLines(string BatchReference, int NewQuantity) : LinesToLoad;
}
