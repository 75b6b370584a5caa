using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>
/// Starts units of work on an <see cref="InMemoryAllocationStore"/>. This is the supported fake
/// for unit tests of code that uses Allocation: it keeps the rules of the database adapters
/// (atomic commits, version checks, writer locks, unique batch references) without a database.
/// </summary>
/// <param name="store">The store the units of work read and write.</param>
public sealed class InMemoryUnitOfWorkFactory(InMemoryAllocationStore store) : IUnitOfWorkFactory
{
    private readonly InMemoryAllocationStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public IUnitOfWork Create() => new InMemoryUnitOfWork(_store);
}
