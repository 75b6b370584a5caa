using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Microsoft.Extensions.Logging;

namespace Allocation.Application.UseCases;

/// <summary>The handler of each of Allocation's commands, composed without DI for <see cref="AllocationService"/>'s own constructors.</summary>
internal static class BuiltInHandlers
{
    public static CommandInvoker Invoker(IUnitOfWorkFactory unitsOfWork, IAllocationQueries queries, AllocationOptions options, ILogger logger)
    {
        var runner = new UnitOfWorkRunner(unitsOfWork, options.Retry, logger);
        var addBatch = new AddBatchHandler(runner);
        return new CommandInvoker(
        [
            addBatch,
            new AllocateHandler(runner, options, unitsOfWork.ConcurrentWriters),
            new DeallocateHandler(runner),
            new ChangeBatchQuantityHandler(runner),
            new ImportBatchesHandler(runner, queries, addBatch),
        ]);
    }
}
