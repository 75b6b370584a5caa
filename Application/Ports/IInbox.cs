namespace Allocation.Application.Ports;

/// <summary>
/// The store's inbox: the ids of the inbound messages already handled, each written by
/// <see cref="IUnitOfWork.TryRecordMessageAsync"/> in the transaction of the change it made, so
/// that a message delivered again changes nothing. An id only has to outlive the time its message
/// can still be delivered again; after that it is trimmed.
/// </summary>
public interface IInbox
{
    /// <summary>Deletes up to <paramref name="max"/> of the oldest ids recorded before <paramref name="before"/>.</summary>
    /// <param name="before">Ids recorded at or after this are kept.</param>
    /// <param name="max">The most ids to delete in this call, so that no call holds anything for long.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>How many ids were deleted.</returns>
    /// <exception cref="Errors.StoreUnavailableException">The store could not be reached.</exception>
    Task<int> TrimAsync(DateTimeOffset before, int max, CancellationToken cancellationToken = default);
}
