using Allocation.Application.Ports;

namespace Allocation.Benchmarks;

/// <summary>Counts units of work; beyond one per call, each is a retry.</summary>
internal sealed class CountingUnitsOfWork(IUnitOfWorkFactory inner) : IUnitOfWorkFactory
{
    private long _created;

    public long Created => Interlocked.Read(ref _created);

    public IUnitOfWork Create()
    {
        Interlocked.Increment(ref _created);
        return inner.Create();
    }
}
