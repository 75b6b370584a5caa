using Allocation.Application.Ports;

namespace Allocation.Adapters.InMemory;

/// <summary>
/// Starts units of work on an <see cref="InMemoryAllocationStore"/>. This is the supported fake
/// for unit tests of code that uses Allocation: it keeps the rules of the database adapters
/// (atomic commits, version checks, writer locks, unique batch references) without a database.
/// </summary>
public sealed class InMemoryUnitOfWorkFactory : IUnitOfWorkFactory
{
    private readonly InMemoryAllocationStore _store;
    private readonly InMemoryUnitOfWorkOptions _options;

    /// <summary>Creates the factory with default settings.</summary>
    /// <param name="store">The store the units of work read and write.</param>
    public InMemoryUnitOfWorkFactory(InMemoryAllocationStore store)
        : this(store, new InMemoryUnitOfWorkOptions())
    {
    }

    /// <summary>Creates the factory.</summary>
    /// <param name="store">The store the units of work read and write.</param>
    /// <param name="options">How its units of work treat other writers.</param>
    /// <exception cref="ArgumentOutOfRangeException">The lock timeout is not positive.</exception>
    public InMemoryUnitOfWorkFactory(InMemoryAllocationStore store, InMemoryUnitOfWorkOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LockTimeout, TimeSpan.Zero);
        _store = store;
        _options = options;
    }

    /// <inheritdoc />
    public IUnitOfWork Create() => new InMemoryUnitOfWork(_store, _options);
}
