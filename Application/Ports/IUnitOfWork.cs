namespace Allocation.Application.Ports;

/// <summary>
/// One atomic piece of work on the store: products loaded through <see cref="Products"/> are
/// changed in memory and written together by <see cref="CommitAsync"/>. A unit of work is used for
/// one attempt of one use case: after it commits or rolls back it cannot be used again, and
/// disposing it without a commit rolls back.
/// </summary>
public interface IUnitOfWork : IAsyncDisposable
{
    /// <summary>The products of this unit of work. Every load is for a change and may wait for other writers of the product.</summary>
    IProductRepository Products { get; }

    /// <summary>
    /// Records that this unit of work handles the message with this id: an inbox row, committed or
    /// rolled back with everything else. Returns <see langword="false"/> when a committed unit of work
    /// recorded it already; the caller then changes nothing, so a message delivered twice changes
    /// the store once.
    /// </summary>
    /// <param name="messageId">The message's id, unique for its source (for example <c>redis:stream:1700000000000-0</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns><see langword="true"/> when this is the message's first handling.</returns>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached or is busy.</exception>
    Task<bool> TryRecordMessageAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes every change to the products seen by this unit of work, and every event they
    /// recorded (to the event log), all or nothing. A product that only recorded an event (an
    /// allocation refused for lack of stock) has just its event written.
    /// </summary>
    /// <param name="cancellationToken">Cancels the commit; the work is then rolled back.</param>
    /// <returns>A task that completes when the changes are durable.</returns>
    /// <exception cref="Errors.ConcurrencyConflictException">A product changed in the store since it was loaded.</exception>
    /// <exception cref="Domain.Errors.DuplicateBatchException">A new batch's reference is already taken by another product.</exception>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached or is busy.</exception>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
