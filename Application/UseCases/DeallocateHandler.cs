using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Allocation.Domain.Errors;

namespace Allocation.Application.UseCases;

/// <summary>Releases an order's line of a SKU and answers the batch that held it.</summary>
/// <param name="runner">Runs the unit of work, with retries.</param>
internal sealed class DeallocateHandler(UnitOfWorkRunner runner) : ICommandHandler<Deallocate, string>
{
    public Task<string> HandleAsync(Deallocate command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return runner.RunAsync("Deallocate", async (unitOfWork, ct) =>
        {
            // Only the order's own line is loaded: a deallocation reads one line, however many the product holds.
            var product = await unitOfWork.Products.GetAsync(command.Sku, LinesToLoad.ForOrder(command.OrderId), ct).ConfigureAwait(false)
                ?? throw new LineNotAllocatedException(command.OrderId, command.Sku);
            var batchReference = product.Deallocate(command.OrderId);
            await unitOfWork.CommitAsync(ct).ConfigureAwait(false);
            return batchReference;
        }, cancellationToken);
    }
}
