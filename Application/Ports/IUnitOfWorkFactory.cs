namespace Allocation.Application.Ports;

/// <summary>Starts units of work. Creating one is cheap: it touches the store only when first used.</summary>
public interface IUnitOfWorkFactory
{
    /// <summary>Starts a new unit of work.</summary>
    /// <returns>A unit of work the caller must dispose.</returns>
    IUnitOfWork Create();

    /// <summary>
    /// How many units of work that write can make progress side by side in this store: 1 for a
    /// store with a single writer (SQLite), <see langword="null"/> (the default) when only the
    /// products they lock limit them. Allocations size their lanes by it (ADR 0013).
    /// </summary>
    int? ConcurrentWriters => null;
}
