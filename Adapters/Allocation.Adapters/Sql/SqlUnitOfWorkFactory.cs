using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Sql;

/// <summary>Starts units of work on one SQL database.</summary>
internal sealed class SqlUnitOfWorkFactory(SqlEngine engine, EventLogSignal committed) : IUnitOfWorkFactory
{
    public IUnitOfWork Create() => new SqlUnitOfWork(engine, committed);

    public int? ConcurrentWriters => engine.ConcurrentWriters;
}
