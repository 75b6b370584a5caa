using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>The inbox of an <see cref="InMemoryAllocationStore"/>: the message ids its units of work recorded, trimmed by age.</summary>
/// <param name="store">The store whose inbox to trim.</param>
public sealed class InMemoryInbox(InMemoryAllocationStore store) : IInbox
{
    private readonly InMemoryAllocationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public Task<int> TrimAsync(DateTimeOffset before, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return Task.FromResult(_store.TrimInbox(before, max));
    }
}
