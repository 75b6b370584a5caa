using Allocation.Application.Events;
using Allocation.Application.Ports;

namespace Allocation.Adapters.Sql;

/// <summary>Starts units of work on one SQL database.</summary>
internal sealed class SqlUnitOfWorkFactory(SqlDialect dialect, EventLogSignal committed) : IUnitOfWorkFactory
{
    public IUnitOfWork Create() => new SqlUnitOfWork(dialect, committed);

    public int? ConcurrentWriters => dialect.ConcurrentWriters;
}
