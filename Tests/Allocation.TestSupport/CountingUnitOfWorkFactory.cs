using Allocation.Application.Ports;

namespace Allocation.TestSupport;

/// <summary>Counts units of work: a use case starts one per attempt, so every one beyond the first is a retry.</summary>
/// <param name="inner">The factory that makes the real units of work.</param>
public sealed class CountingUnitOfWorkFactory(IUnitOfWorkFactory inner) : IUnitOfWorkFactory
{
    private long _created;

    public long Created => Interlocked.Read(ref _created);

    public IUnitOfWork Create()
    {
        Interlocked.Increment(ref _created);
        return inner.Create();
    }

    public int? ConcurrentWriters => inner.ConcurrentWriters;
}
