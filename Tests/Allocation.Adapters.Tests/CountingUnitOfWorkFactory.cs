using Allocation.Application.Ports;

namespace Allocation.Adapters.Tests;

/// <summary>Counts units of work: each retry of a use case starts one more.</summary>
internal sealed class CountingUnitOfWorkFactory(IUnitOfWorkFactory inner) : IUnitOfWorkFactory
{
    private int _created;

    public int Created => Volatile.Read(ref _created);

    public IUnitOfWork Create()
    {
        Interlocked.Increment(ref _created);
        return inner.Create();
    }
}
