namespace Allocation.Application.Ports;

/// <summary>
/// The SKUs people were told are out of stock, and not yet told are restocked: one open episode per
/// SKU, opened when the mail has been sent and closed when stock for the SKU is added or freed. It
/// is kept apart from the event log, so retention does not change who is told.
/// </summary>
public interface IOutOfStockNotices
{
    /// <summary>Whether people were told that <paramref name="sku"/> ran out, with no stock added or freed since.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="true"/> while the SKU's episode is open.</returns>
    Task<bool> IsOpenAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>Records that people were told <paramref name="sku"/> ran out (again, if its episode is open).</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="position">The position of the <c>OutOfStock</c> event they were told about.</param>
    /// <param name="notifiedAt">When they were told (UTC).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is recorded.</returns>
    Task OpenAsync(string sku, long position, DateTimeOffset notifiedAt, CancellationToken cancellationToken = default);

    /// <summary>Ends the SKU's episode: stock for it was added or freed. Nothing happens when none is open.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is recorded.</returns>
    Task CloseAsync(string sku, CancellationToken cancellationToken = default);
}
