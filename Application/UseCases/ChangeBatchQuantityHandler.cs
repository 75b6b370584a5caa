using Allocation.Application.Commands;
using Allocation.Application.Ports;
using Allocation.Domain;
using Allocation.Domain.Errors;

namespace Allocation.Application.UseCases;

/// <summary>
/// Sets a batch's purchased quantity. Lines that no longer fit are taken back newest first and
/// allocated elsewhere; the result names those moved and those that lost their stock. A command
/// with a message id records it in the inbox in the same commit, so a repeat changes nothing.
/// </summary>
/// <param name="runner">Runs the unit of work, with retries.</param>
internal sealed class ChangeBatchQuantityHandler(UnitOfWorkRunner runner) : ICommandHandler<ChangeBatchQuantity, BatchQuantityChange?>
{
    public Task<BatchQuantityChange?> HandleAsync(ChangeBatchQuantity command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.MessageId is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(command.MessageId, nameof(command));
        }

        return runner.RunAsync<BatchQuantityChange?>("ChangeBatchQuantity", async (unitOfWork, ct) =>
        {
            if (command.MessageId is { } messageId && !await unitOfWork.TryRecordMessageAsync(messageId, ct).ConfigureAwait(false))
            {
                return null;
            }

            // Only the lines a smaller quantity could take back are loaded.
            var lines = LinesToLoad.ToTakeBack(command.Reference, command.Quantity);
            var product = await unitOfWork.Products.GetByBatchReferenceAsync(command.Reference, lines, ct).ConfigureAwait(false)
                ?? throw new BatchNotFoundException(command.Reference);
            var change = product.ChangeBatchQuantity(command.Reference, command.Quantity);
            await unitOfWork.CommitAsync(ct).ConfigureAwait(false);
            return change;
        }, cancellationToken);
    }
}
